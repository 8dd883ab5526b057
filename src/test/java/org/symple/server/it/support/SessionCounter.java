package org.symple.server.it.support;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.concurrent.atomic.AtomicLong;

/** Test-only count of the application's live HTTP sessions as the servlet API reports them to listeners. */
@WebListener
public class SessionCounter implements HttpSessionListener {

    private static final AtomicLong LIVE = new AtomicLong();

    static long live() {
        return LIVE.get();
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        LIVE.incrementAndGet();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        LIVE.decrementAndGet();
    }
}
