package org.symple.server.send;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a text frame straight to a Tyrus socket (Payara, the standalone runner): the frame is built here, once, and
 * handed to Tyrus's public {@code TyrusWebSocket.sendRawFrame}, which queues the bytes on the connection. Tyrus's own
 * text send builds a frame object and a new UTF-8 encoder per message and re-arms the session's idle timer on a
 * scheduler thread for every frame, even with no idle timeout set; none of that is needed for a frame the server
 * writes. The socket is reached through the session's asynchronous remote, whose {@code webSocket} field is not
 * public: when that field or method is not there (another Tyrus), {@link #of} answers empty and the plain send is used.
 */
final class TyrusFrames {

    private static final Logger LOG = Logger.getLogger(TyrusFrames.class.getName());
    private static final byte FIN_TEXT = (byte) 0x81;

    private final MethodHandle webSocketOf;
    private final MethodHandle sendRawFrame;
    private static final int CACHED = 256;
    /**
     * Frames built lately, by the identity of their text (direct-mapped on its identity hash): every recipient of a
     * fan-out is sent the same {@code String}, so a frame is built once per fan-out, also when the recipients' queues
     * write it inside batches, and each send gets its own view of the shared bytes (nothing writes them). Entries are
     * immutable, so a racy read sees a whole entry or an older one.
     */
    private final Built[] built = new Built[CACHED];

    private record Built(String text, byte[] frame) {
    }

    private TyrusFrames(MethodHandle webSocketOf, MethodHandle sendRawFrame) {
        this.webSocketOf = webSocketOf;
        this.sendRawFrame = sendRawFrame;
    }

    /** The raw path for this Tyrus session's classes, or empty where they do not offer it. */
    static Optional<TyrusFrames> of(Session session) {
        try {
            Object remote = session.getAsyncRemote();
            Field field = findField(remote.getClass(), "webSocket");
            field.setAccessible(true);
            Class<?> webSocket = field.getType();
            Class<?> future = Class.forName("org.glassfish.tyrus.core.TyrusFuture", false, webSocket.getClassLoader());
            if (!CompletionStage.class.isAssignableFrom(future)) {
                return Optional.empty(); // a send could not tell when it is written without a thread waiting
            }
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle getter = lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
            MethodHandle send = lookup.findVirtual(webSocket, "sendRawFrame", MethodType.methodType(Future.class, ByteBuffer.class))
                    .asType(MethodType.methodType(Future.class, Object.class, ByteBuffer.class));
            return Optional.of(new TyrusFrames(getter, send));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "No raw Tyrus send path", e);
            return Optional.empty();
        }
    }

    private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** Writes {@code text} as one final text frame; {@code handler} is told when the bytes are written or failed. */
    void send(Session session, String text, SendHandler handler) {
        write(session, ByteBuffer.wrap(framed(text)), handler);
    }

    /** Writes each text as one final text frame, all in one write; {@code handler} is told once for all. */
    void sendAll(Session session, List<String> texts, SendHandler handler) {
        byte[][] frames = new byte[texts.size()][];
        int length = 0;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = framed(texts.get(i));
            length += frames[i].length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, all, at, frame.length);
            at += frame.length;
        }
        write(session, ByteBuffer.wrap(all), handler);
    }

    private void write(Session session, ByteBuffer bytes, SendHandler handler) {
        Future<?> written;
        try {
            Object webSocket = (Object) webSocketOf.invokeExact((Object) session.getAsyncRemote());
            written = (Future<?>) sendRawFrame.invokeExact(webSocket, bytes);
        } catch (Error e) {
            throw e;
        } catch (Throwable failed) { // the socket is closed (Tyrus has no writer any more)
            handler.onResult(new SendResult(failed));
            return;
        }
        ((CompletionStage<?>) written).whenComplete((frame, error) ->
                handler.onResult(error == null ? new SendResult() : new SendResult(error)));
    }

    /** The frame of {@code text}, built unless it was built lately. */
    private byte[] framed(String text) {
        int slot = System.identityHashCode(text) & (CACHED - 1);
        Built entry = built[slot];
        if (entry == null || entry.text() != text) {
            entry = new Built(text, frame(text).array());
            built[slot] = entry;
        }
        return entry.frame();
    }

    /** One unmasked, final text frame (RFC 6455 §5.2) holding {@code text}. */
    static ByteBuffer frame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + length);
        frame.put(FIN_TEXT);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        return frame.put(payload).flip();
    }
}
