package org.symple.server.standalone;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import org.symple.server.config.SympleConfig;

/** Supplies the runner's settings as the application's {@link SympleConfig} bean, in place of the WAR's producer. */
final class ConfigBean implements Extension {

    private final SympleConfig config;

    ConfigBean(SympleConfig config) {
        this.config = config;
    }

    void addConfig(@Observes AfterBeanDiscovery event) {
        event.<SympleConfig>addBean()
                .beanClass(SympleConfig.class)
                .types(SympleConfig.class, Object.class)
                .scope(Singleton.class)
                .createWith(context -> config);
    }
}
