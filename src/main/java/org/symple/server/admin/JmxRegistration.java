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
        try {
            ObjectName candidate = objectName(servletContext.getContextPath());
            ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(new StandardMBean(stats, SympleStatsMXBean.class, true), candidate);
            name = candidate;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Statistics MXBean not registered", e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(STATS);
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "Statistics MXBean already gone", e);
        }
        name = null;
    }
}
