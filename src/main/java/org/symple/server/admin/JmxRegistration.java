package org.symple.server.admin;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Publishes a deployment's {@link ServerStats} in the platform MBean server as
 * {@code org.symple:type=Server,name=<context path>} and takes it out again, so that an undeployed application
 * leaves nothing behind.
 */
public final class JmxRegistration {

    private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());

    private JmxRegistration() {
    }

    /** {@code org.symple:type=Server,name=<context path>}, with "/" for the root context. */
    public static ObjectName objectName(String contextPath) throws JMException {
        String path = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        boolean plain = path.chars().noneMatch(c -> ",=:\"*?\\\n".indexOf(c) >= 0);
        return new ObjectName("org.symple:type=Server,name=" + (plain ? path : ObjectName.quote(path)));
    }

    /** Registers the figures as the MBean of this context path; null (and a warning) when that fails. */
    public static ObjectName register(ServerStats stats, String contextPath) {
        try {
            ObjectName candidate = objectName(contextPath);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new StatsMBean(stats), candidate);
            return candidate;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Statistics MBean not registered", e);
            return null;
        }
    }

    /** Takes a registered MBean out of the platform MBean server; nothing when {@code name} is null. */
    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "Statistics MBean already gone", e);
        }
    }
}
