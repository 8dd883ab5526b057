package org.symple.server.it.support;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.symple.server.runtime.Scheduler;

/**
 * Test-only view into the server's JVM: heap in use after garbage collection, live threads, a live-object class histogram, the
 * attributes of the Symple MXBean registered for a context path (or {@code {}} when none is registered),
 * whether the request's HTTP session cookie names a live session, the server's pending timers and the live HTTP
 * sessions of the application (counted when {@link SessionCounter} is deployed too).
 */
@WebServlet("/test-diagnostics")
public class DiagnosticsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Scheduler scheduler;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String result = switch (String.valueOf(request.getParameter("op"))) {
            case "heap" -> String.valueOf(heapAfterGc());
            case "threads" -> String.valueOf(ManagementFactory.getThreadMXBean().getThreadCount());
            case "mbean" -> mbean(request.getParameter("name"));
            case "histogram" -> histogram();
            case "session" -> request.getSession(false) == null ? "none" : "valid";
            case "timers" -> String.valueOf(scheduler.pendingTasks());
            case "sessions" -> String.valueOf(SessionCounter.live());
            default -> "unknown";
        };
        response.setContentType("text/plain");
        response.getWriter().write(result);
    }

    /** Heap in use once repeated collections stop freeing memory. */
    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used - used / 100) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    /** The live-object class histogram of the server JVM (for investigating heap growth). */
    private static String histogram() {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        } catch (JMException e) {
            return e.toString();
        }
    }

    private static String mbean(String name) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName objectName = new ObjectName(name);
            if (!server.isRegistered(objectName)) {
                return "{}";
            }
            JsonObjectBuilder attributes = Json.createObjectBuilder();
            String[] names = java.util.Arrays.stream(server.getMBeanInfo(objectName).getAttributes())
                    .map(MBeanAttributeInfo::getName).toArray(String[]::new);
            for (Object item : server.getAttributes(objectName, names)) {
                Attribute attribute = (Attribute) item;
                attributes.add(attribute.getName(), String.valueOf(attribute.getValue()));
            }
            return attributes.build().toString();
        } catch (JMException e) {
            return "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
        }
    }
}
