package org.symple.server.standalone;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import org.glassfish.tyrus.core.ComponentProvider;

/**
 * Lets Tyrus take endpoint instances from CDI, so {@code @Inject} works in the endpoint as it does on an
 * application server; classes that are not beans are left to Tyrus's own provider.
 */
public class CdiComponentProvider extends ComponentProvider {

    @Override
    public boolean isApplicable(Class<?> type) {
        try {
            return CDI.current().select(type).isResolvable();
        } catch (IllegalStateException noContainer) {
            return false;
        }
    }

    @Override
    public <T> Object create(Class<T> type) {
        return CDI.current().select(type).get();
    }

    @Override
    public boolean destroy(Object instance) {
        Instance<Object> beans = CDI.current();
        beans.destroy(instance);
        return true;
    }
}
