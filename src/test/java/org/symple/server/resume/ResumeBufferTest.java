package org.symple.server.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.symple.server.protocol.OutgoingFrame;

/** The replay buffer: bounded in frames, bytes and age; a replay is all frames after a seq, or nothing. */
class ResumeBufferTest {

    private static OutgoingFrame frame(long seq, String text) {
        return OutgoingFrame.verbatim(text).withSeq(seq);
    }

    private static List<Long> seqs(List<OutgoingFrame> frames) {
        return frames.stream().map(OutgoingFrame::seq).toList();
    }

    @Test
    void aReplayIsEveryFrameAfterTheClientsSeqInOrder() {
        ResumeBuffer buffer = new ResumeBuffer(100, 1 << 20);
        for (long seq = 1; seq <= 5; seq++) {
            buffer.add(frame(seq, "{\"n\":" + seq + "}"), 0);
        }
        assertEquals(List.of(3L, 4L, 5L), seqs(buffer.after(2, 5).orElseThrow()));
        assertEquals(List.of(), buffer.after(5, 5).orElseThrow());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(buffer.after(0, 5).orElseThrow()));
    }

    @Test
    void theFrameBoundDropsTheOldestAndAReplayNeedingThemIsRefused() {
        ResumeBuffer buffer = new ResumeBuffer(3, 1 << 20);
        int dropped = 0;
        for (long seq = 1; seq <= 5; seq++) {
            dropped += buffer.add(frame(seq, "{}"), 0);
        }
        assertEquals(2, dropped);
        assertEquals(3, buffer.frames());
        assertTrue(buffer.after(1, 5).isEmpty(), "frame 2 is gone");
        assertEquals(List.of(3L, 4L, 5L), seqs(buffer.after(2, 5).orElseThrow()));
    }

    @Test
    void theByteBoundCountsTheStampedText() {
        OutgoingFrame one = frame(1, "{\"x\":\"0123456789\"}");
        ResumeBuffer buffer = new ResumeBuffer(1000, one.bytes() * 2);
        buffer.add(one, 0);
        buffer.add(frame(2, "{\"x\":\"0123456789\"}"), 0);
        assertEquals(2, buffer.frames());
        assertEquals(one.bytes() * 2, buffer.bytes());
        assertEquals(1, buffer.add(frame(3, "{\"x\":\"0123456789\"}"), 0));
        assertEquals(one.bytes() * 2, buffer.bytes());
    }

    @Test
    void framesOlderThanTheWindowGoAndAcknowledgedOnesToo() {
        ResumeBuffer buffer = new ResumeBuffer(100, 1 << 20);
        buffer.add(frame(1, "{}"), 1000);
        buffer.add(frame(2, "{}"), 2000);
        buffer.add(frame(3, "{}"), 3000);
        assertEquals(1, buffer.dropOlderThan(2000));
        buffer.acknowledge(2);
        assertEquals(1, buffer.frames());
        assertEquals(List.of(3L), seqs(buffer.after(2, 3).orElseThrow()));
        buffer.acknowledge(3);
        assertEquals(0, buffer.bytes());
    }
}
