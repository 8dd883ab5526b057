package org.symple.server.it.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.symple.server.testing.Ports;

/**
 * Nginx as a round-robin WebSocket load balancer in front of instances on loopback, configured like
 * docker/nginx.conf. Available only where an {@code nginx} binary is on the PATH.
 */
public final class LoadBalancer implements AutoCloseable {

    private final Process process;
    private final int port;

    private LoadBalancer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean available() {
        return new File("/usr/sbin/nginx").canExecute();
    }

    /** Starts nginx balancing over the given backend ports. */
    public static LoadBalancer start(int... backends) {
        int port = Ports.free();
        Path dir = Path.of("target/nginx-lb").toAbsolutePath();
        StringBuilder upstream = new StringBuilder();
        for (int backend : backends) {
            upstream.append("        server 127.0.0.1:").append(backend).append(" max_fails=0;\n");
        }
        String config = """
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 8192; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp;
                    proxy_temp_path %1$s/tmp;
                    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                    upstream symple {
                %2$s    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://symple;
                            proxy_http_version 1.1;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                            proxy_set_header Host $host;
                            proxy_set_header X-Real-IP $remote_addr;
                            proxy_read_timeout 1h;
                            proxy_next_upstream error timeout http_503;
                        }
                    }
                }
                """.formatted(dir, upstream, port);
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("nginx.conf"), config);
            Process process = new ProcessBuilder(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c",
                    dir.resolve("nginx.conf").toString())).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile()).start();
            LoadBalancer balancer = new LoadBalancer(process, port);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (Socket probe = new Socket("127.0.0.1", balancer.port)) {
                    return true;
                }
            });
            return balancer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
