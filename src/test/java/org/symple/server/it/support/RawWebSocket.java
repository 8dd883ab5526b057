package org.symple.server.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A byte-level WebSocket on a plain {@link Socket}, for what the JDK-based {@link TestClient} cannot do: send malformed
 * frames or several frames in one TCP write, never answer pings, stop reading at the TCP level (with a small receive
 * buffer) so that the server's socket buffer fills, and show the headers of the 101 response. It sends masked frames,
 * reads unfragmented or fragmented server frames only when asked, skipping pings unanswered, and reports the close
 * code the server sent.
 */
public final class RawWebSocket implements AutoCloseable {

    /** Opcodes of RFC 6455. */
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int closeCode = -1;
    private String closeReason;
    private String handshakeResponse = "";

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and upgrades; {@code receiveBuffer} > 0 shrinks the socket's receive buffer (set before connecting). */
    public static RawWebSocket connect(URI uri, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            RawWebSocket client = new RawWebSocket(socket);
            client.handshake(uri);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RawWebSocket connect(URI uri) {
        return connect(uri, 0);
    }

    private void handshake(URI uri) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        handshakeResponse = head.toString(StandardCharsets.US_ASCII);
        String status = handshakeResponse.split("\r\n", 2)[0];
        if (!status.contains(" 101")) {
            throw new IOException("upgrade refused: " + status);
        }
    }

    /** The values of a header of the server's 101 response, in order. */
    public java.util.List<String> responseHeaders(String name) {
        return handshakeResponse.lines().skip(1)
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim()).toList();
    }

    /** Sends one masked text frame. */
    public void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends masked text frames in one write, so that they reach the server together. */
    public synchronized void sendTogether(String... texts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String text : texts) {
            all.writeBytes(frame(TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            out.write(all.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one masked frame with the given opcode. */
    public synchronized void send(int opcode, byte[] payload) {
        try {
            out.write(frame(opcode, payload));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /**
     * The next text message, skipping (never answering) pings and pongs; null when none arrives within
     * {@code within} or the server closed the connection (see {@link #closeCode()}).
     */
    public String nextText(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (System.nanoTime() > deadline) {
                    return null;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                int first = in.read();
                if (first < 0) {
                    return null;
                }
                socket.setSoTimeout(10_000); // the rest of a started frame follows quickly
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0f;
                byte[] payload = readPayload();
                switch (opcode) {
                    case CLOSE -> {
                        closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                        closeReason = payload.length > 2
                                ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        return null;
                    }
                    case PING, PONG -> { } // deliberately unanswered
                    default -> {
                        message.write(payload);
                        if (fin) {
                            return message.toString(StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            closeCode = closeCode < 0 ? 1006 : closeCode;
            return null;
        }
    }

    /** Reads and discards text until the server's close frame or the end of the stream; returns the close code. */
    public int drainUntilClose(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (closeCode < 0 && System.nanoTime() < deadline && !socket.isClosed()) {
            String text = nextText(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (text == null && closeCode < 0 && isAtEnd()) {
                closeCode = 1006;
            }
        }
        return closeCode;
    }

    private boolean isAtEnd() {
        try {
            socket.setSoTimeout(1);
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return true;
            }
            in.reset();
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private byte[] readPayload() throws IOException {
        int second = readByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = ((long) readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
        if (length > 64L * 1024 * 1024) {
            throw new IOException("frame too large: " + length);
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException();
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return payload;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** The close code the server sent (1005 without one), 1006 for a connection that ended without one, else -1. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    /** Drops the TCP connection without a closing handshake. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
