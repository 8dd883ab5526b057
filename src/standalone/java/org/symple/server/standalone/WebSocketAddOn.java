package org.symple.server.standalone;

import java.lang.reflect.Constructor;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * Puts WebSocket handling into the runner's Grizzly listener: Tyrus's upgrade filter in front of the HTTP
 * handlers, before it the {@link UpgradeCaptureFilter}, and in front of the HTTP codec the {@link UpgradedReadFilter}.
 * Tyrus's own add-on is public but has no public constructor; it is created reflectively so that the runner can own
 * the HTTP server (bind address, handlers).
 */
final class WebSocketAddOn implements AddOn {

    private final AddOn tyrus;

    WebSocketAddOn(ServerContainer container) {
        try {
            Constructor<org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn> constructor =
                    org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn.class
                            .getDeclaredConstructor(ServerContainer.class, String.class);
            constructor.setAccessible(true);
            tyrus = constructor.newInstance(container, "/");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Tyrus's Grizzly add-on cannot be created", e);
        }
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        tyrus.setup(listener, builder);
        // Tyrus's add-on put its filter just in front of the HTTP handlers' filter
        int tyrusIndex = builder.indexOfType(org.glassfish.grizzly.http.server.HttpServerFilter.class) - 1;
        Filter tyrusFilter = builder.get(tyrusIndex);
        builder.add(tyrusIndex, new UpgradeCaptureFilter());
        int codecIndex = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
        builder.add(codecIndex, new UpgradedReadFilter(tyrusFilter));
    }
}
