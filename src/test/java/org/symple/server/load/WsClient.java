package org.symple.server.load;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client socket of the {@link Generator}, which holds thousands on its one thread (hence not the tests' JDK-based
 * client): the upgrade, unmasked server frames in, client frames out with an all-zero mask (the payload goes out as
 * it is, so building a frame costs one copy). Used only on the generator's thread.
 */
final class WsClient {

    /** What a scenario does with a socket's events; called on the generator's thread. */
    interface Listener {
        void opened(WsClient client, long nanos);

        /** A complete text message; {@code bytes[offset, offset + length)} is valid only during the call. */
        void text(WsClient client, byte[] bytes, int offset, int length, long nanos);

        default void closed(WsClient client) {
        }
    }

    private static final int OPCODE_TEXT = 1;
    private static final int OPCODE_CLOSE = 8;
    private static final int OPCODE_PING = 9;

    final int index;
    final SocketChannel channel;
    final Listener listener;
    /** Free for the scenario: the peer id from the welcome, start times. */
    String peerId;
    long startedNanos;
    SelectionKey key;
    private final String path;
    private final String host;
    private ByteBuffer in = ByteBuffer.allocate(2048);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private boolean upgraded;
    private boolean closed;

    WsClient(int index, SocketChannel channel, String host, String path, Listener listener) {
        this.index = index;
        this.channel = channel;
        this.host = host;
        this.path = path;
        this.listener = listener;
    }

    boolean isOpen() {
        return upgraded && !closed;
    }

    ByteBuffer upgradeRequest() {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Queues one text frame (sent at once if the socket takes it). */
    void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] payload) {
        int header = payload.length < 126 ? 6 : 8;
        ByteBuffer frame = ByteBuffer.allocate(header + payload.length);
        frame.put((byte) (0x80 | OPCODE_TEXT));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            throw new IllegalArgumentException("frame too large for the generator");
        }
        frame.putInt(0).put(payload).flip();
        write(frame);
    }

    void write(ByteBuffer bytes) {
        if (closed) {
            return;
        }
        out.add(bytes);
        flush();
    }

    /** Writes what the socket takes now; the rest waits for OP_WRITE. */
    void flush() {
        try {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (java.io.IOException e) {
            close();
        }
    }

    /** Reads what is available and hands complete messages to the listener; false at the end of the stream. */
    boolean read(long nanos) throws java.io.IOException {
        int n;
        while ((n = channel.read(in)) > 0) {
            if (!in.hasRemaining()) {
                in = grow(in, in.capacity() * 2);
            }
        }
        in.flip();
        if (!upgraded) {
            int end = headEnd(in);
            if (end < 0) {
                in.compact();
                return n >= 0;
            }
            String status = new String(in.array(), 0, Math.min(end, 32), StandardCharsets.US_ASCII);
            if (!status.contains(" 101")) {
                throw new java.io.IOException("upgrade refused: " + status.lines().findFirst().orElse(""));
            }
            in.position(end);
            upgraded = true;
            listener.opened(this, nanos);
        }
        while (frameComplete(in)) {
            // frameComplete left the position at the frame start and the lengths in fields below
            int first = in.get() & 0xff;
            in.position(in.position() + headerRest);
            int start = in.position();
            int opcode = first & 0x0f;
            if ((first & 0x80) == 0 || opcode == 0) {
                throw new java.io.IOException("fragmented server frame: not used by the scenarios");
            }
            if (opcode == OPCODE_TEXT) {
                listener.text(this, in.array(), start, payloadLength, nanos);
            } else if (opcode == OPCODE_PING) {
                pong(in.array(), start, payloadLength);
            } else if (opcode == OPCODE_CLOSE) {
                in.position(start + payloadLength);
                return false;
            }
            in.position(start + payloadLength);
        }
        in.compact();
        if (needCapacity > in.capacity()) {
            in = grow(in, needCapacity);
        }
        return n >= 0;
    }

    private int needCapacity;
    private int headerRest;
    private int payloadLength;

    private boolean frameComplete(ByteBuffer b) {
        int p = b.position();
        int available = b.remaining();
        if (available < 2) {
            return false;
        }
        int second = b.get(p + 1) & 0x7f;
        int rest = 1;
        long length = second;
        if (second == 126) {
            if (available < 4) {
                return false;
            }
            length = ((b.get(p + 2) & 0xff) << 8) | (b.get(p + 3) & 0xff);
            rest = 3;
        } else if (second == 127) {
            if (available < 10) {
                return false;
            }
            length = b.getLong(p + 2);
            rest = 9;
        }
        if (1 + rest + length > b.capacity()) {
            needCapacity = (int) (1 + rest + length) * 2; // grown after compacting, then read on
            return false;
        }
        if (available < 1 + rest + length) {
            return false;
        }
        headerRest = rest;
        payloadLength = (int) length;
        return true;
    }

    private ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private void pong(byte[] bytes, int offset, int length) {
        ByteBuffer frame = ByteBuffer.allocate(6 + length);
        frame.put((byte) 0x8a).put((byte) (0x80 | length)).putInt(0).put(bytes, offset, length).flip();
        write(frame);
    }

    private static int headEnd(ByteBuffer b) {
        byte[] a = b.array();
        for (int i = b.position(); i + 3 < b.limit(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.clear();
        try {
            channel.close();
        } catch (java.io.IOException ignored) {
            // gone either way
        }
        listener.closed(this);
    }

    boolean isClosed() {
        return closed;
    }
}
