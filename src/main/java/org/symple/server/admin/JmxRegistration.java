package org.symple.server.admin;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Creates the deployment's {@link ServerStats} when the web application starts, publishes it to the health endpoint
 * and registers it as {@link SympleStatsMXBean} in the platform MBean server; unregisters it when the application
 * stops, so that an undeployed application leaves nothing behind.
 */
@WebListener
public class JmxRegistration implements ServletContextListener {

    /** Servlet context attribute holding the deployment's {@link ServerStats}. */
    static final String STATS = ServerStats.class.getName();

    private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());

    private ObjectName name;

    /** {@code org.symple:type=Server,name=<context path>}, with "/" for the root context. */
    public static ObjectName objectName(String contextPath) throws JMException {
        String path = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        boolean plain = path.chars().noneMatch(c -> ",=:\"*?\\\n".indexOf(c) >= 0);
        return new ObjectName("org.symple:type=Server,name=" + (plain ? path : ObjectName.quote(path)));
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext servletContext = event.getServletContext();
        ServerStats stats;
        try {
            stats = ServerStats.of(CDI.current().getBeanManager());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Statistics unavailable", e);
            return;
        }
        servletContext.setAttribute(STATS, stats);
        name = register(stats, servletContext.getContextPath());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(STATS);
        unregister(name);
        name = null;
    }

    /** Registers the figures as the MXBean of this context path; null (and a warning) when that fails. */
    public static ObjectName register(ServerStats stats, String contextPath) {
        try {
            ObjectName candidate = objectName(contextPath);
            ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(new StandardMBean(stats, SympleStatsMXBean.class, true), candidate);
            return candidate;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Statistics MXBean not registered", e);
            return null;
        }
    }

    /** Takes a registered MXBean out of the platform MBean server; nothing when {@code name} is null. */
    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "Statistics MXBean already gone", e);
        }
    }
}
