package org.symple.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/**
 * The {@link ServerStats} as a read-only MBean: {@code Status} and one attribute per figure, its key capitalised
 * ({@code connections} is {@code Connections}), so a new figure appears in JMX without a new getter.
 */
final class StatsMBean implements DynamicMBean {

    private static final String STATUS = "Status";

    private final ServerStats stats;
    private final MBeanInfo info;

    StatsMBean(ServerStats stats) {
        this.stats = stats;
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        attributes.add(new MBeanAttributeInfo(STATUS, String.class.getName(), "UP, or STOPPING once the shutdown began",
                true, false, false));
        for (ServerStats.Figure figure : stats.figures()) {
            attributes.add(new MBeanAttributeInfo(name(figure), long.class.getName(), figure.help(), true, false, false));
        }
        info = new MBeanInfo(ServerStats.class.getName(), "Figures of one Symple deployment (counts only)",
                attributes.toArray(MBeanAttributeInfo[]::new), null, null, null);
    }

    private static String name(ServerStats.Figure figure) {
        return figure.key().substring(0, 1).toUpperCase(Locale.ROOT) + figure.key().substring(1);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        if (STATUS.equals(attribute)) {
            return stats.status();
        }
        for (ServerStats.Figure figure : stats.figures()) {
            if (name(figure).equals(attribute)) {
                return figure.value().getAsLong();
            }
        }
        throw new AttributeNotFoundException(attribute);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            try {
                list.add(new Attribute(attribute, getAttribute(attribute)));
            } catch (AttributeNotFoundException unknown) {
                // left out, as the JMX contract says
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
