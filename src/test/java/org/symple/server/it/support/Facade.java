package org.symple.server.it.support;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls {@link FacadeServlet} of a deployment over HTTP. */
public final class Facade {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URL base;

    public Facade(URL base) {
        this.base = base;
    }

    /** Calls an operation with alternating parameter names and values; returns the body. */
    public String call(String op, String... params) {
        StringBuilder text = new StringBuilder("op=").append(op);
        for (int i = 0; i + 1 < params.length; i += 2) {
            text.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "test-facade?" + text))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException("facade call " + op + " failed", e);
        }
    }

    public int peerCount() {
        return Integer.parseInt(call("count").trim());
    }
}
