package org.symple.server.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The load generator, apart from the tests' JDK-based client because the benchmark needs thousands of sockets on one
 * thread whose CPU time it measures: every client socket on one selector thread, so a frame in or out costs a read
 * or write call and a scan of its bytes, no thread hand-off. Scenario logic runs in the socket callbacks and in timers on that
 * thread; other threads only {@link #submit} work to it. The thread's own CPU time is measured, to report what the
 * generator spends per frame.
 */
final class Generator implements AutoCloseable {

    private record Timer(long atNanos, long sequence, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int c = Long.compare(atNanos, other.atNanos);
            return c != 0 ? c : Long.compare(sequence, other.sequence);
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long timerSequence;
    private volatile boolean running = true;
    private volatile long threadId;
    private volatile Throwable failure;

    Generator() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::loop, "load-generator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a client socket to {@code uri} (connect and upgrade happen on the generator thread). */
    void connect(URI uri, int index, WsClient.Listener listener) {
        onLoop(() -> open(uri, index, listener));
    }

    /** Runs the task on the generator thread. */
    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void onLoop(Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
        } else {
            submit(task);
        }
    }

    /** Runs the task on the generator thread at {@code atNanos} (System.nanoTime); call on that thread. */
    void at(long atNanos, Runnable task) {
        timers.add(new Timer(atNanos, timerSequence++, task));
    }

    /** CPU time the generator thread used so far, in nanoseconds. */
    long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getThreadCpuTime(threadId);
    }

    /** A failure on the generator thread, if any (scenarios stop at the first). */
    Throwable failure() {
        return failure;
    }

    private void open(URI uri, int index, WsClient.Listener listener) {
        WsClient client = null;
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            client = new WsClient(index, channel, uri.getHost() + ":" + uri.getPort(), path, listener);
            client.startedNanos = System.nanoTime();
            boolean connected = channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            client.key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, client);
            if (connected) {
                client.write(client.upgradeRequest());
            }
        } catch (IOException e) {
            if (client != null) {
                client.close();
            } else {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void loop() {
        threadId = Thread.currentThread().getId();
        try {
            while (running) {
                long wait = 0;
                Timer next = timers.peek();
                if (next != null) {
                    wait = Math.max(1, (next.atNanos - System.nanoTime()) / 1_000_000);
                }
                if (!tasks.isEmpty()) {
                    selector.selectNow();
                } else if (next != null && next.atNanos - System.nanoTime() < 1_000_000) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                long now = System.nanoTime();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key, now);
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                while (!timers.isEmpty() && timers.peek().atNanos <= System.nanoTime()) {
                    timers.poll().task.run();
                }
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            for (SelectionKey key : selector.keys()) {
                ((WsClient) key.attachment()).close();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
            stopped.countDown();
        }
    }

    private void handle(SelectionKey key, long now) {
        WsClient client = (WsClient) key.attachment();
        try {
            if (!key.isValid()) {
                client.close();
                return;
            }
            if (key.isConnectable()) {
                client.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                client.write(client.upgradeRequest());
                return;
            }
            if (key.isWritable()) {
                client.flush();
            }
            if (key.isReadable() && !client.read(now)) {
                client.close();
            }
        } catch (IOException | java.nio.channels.CancelledKeyException e) {
            client.close();
        }
    }

    /** Closes every client socket and stops the thread. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
