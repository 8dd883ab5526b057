package org.symple.server.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that the test controls: it forwards every connection to its current target, and
 * {@link #cut()} kills every connection at once with a TCP reset on both sides (no close frame: what a network
 * failure looks like to both ends). The target can be switched, so a client that reconnects lands on another
 * instance, as behind a load balancer.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile InetSocketAddress target;
    private volatile String path;
    private volatile boolean refusing;

    private TcpProxy(URI target) throws IOException {
        switchTo(target);
        listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to the WebSocket at {@code target} (its port on loopback, and its path). */
    public static TcpProxy to(URI target) {
        try {
            return new TcpProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WebSocket address of the current target through the proxy: {@code ws://127.0.0.1:<proxy port><path>}. */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + path);
    }

    /** Connections from now on go to the WebSocket at {@code target}; open ones stay where they are. */
    public void switchTo(URI target) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getPort());
        this.path = target.getPath().isEmpty() ? "/" : target.getPath();
    }

    /** Resets every open connection on both sides. */
    public void cut() {
        for (Socket socket : sockets) {
            reset(socket);
        }
        sockets.clear();
    }

    /** While refusing, new connections are reset at once (the network is down); {@code false} lets them through again. */
    public void refuse(boolean refuse) {
        refusing = refuse;
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.incrementAndGet();
            if (refusing) {
                reset(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(target, 5000);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException unreachable) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                }
                to.shutdownOutput(); // an orderly end in one direction is passed on as such
            } catch (IOException ended) {
                reset(to);
                reset(from);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with SO_LINGER 0: the peer gets a reset, not an orderly end of stream. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
