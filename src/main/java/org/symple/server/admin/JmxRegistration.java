package org.symple.server.admin;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers the {@link SympleStatsMXBean} in the platform MBean server when the web application starts, and
 * unregisters it when it stops, so that an undeployed application leaves nothing behind.
 */
@WebListener
public class JmxRegistration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());

    @Inject
    ServerStats stats;

    private ObjectName name;

    /** {@code org.symple:type=Server,name=<context path>}, with "/" for the root context. */
    public static ObjectName objectName(String contextPath) throws JMException {
        String path = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        boolean plain = path.chars().noneMatch(c -> ",=:\"*?\\\n".indexOf(c) >= 0);
        return new ObjectName("org.symple:type=Server,name=" + (plain ? path : ObjectName.quote(path)));
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            ObjectName candidate = objectName(event.getServletContext().getContextPath());
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new StandardMBean(stats, SympleStatsMXBean.class, true), candidate);
            name = candidate;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Statistics MXBean not registered", e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
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
