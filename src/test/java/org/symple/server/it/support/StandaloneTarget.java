package org.symple.server.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;
import org.symple.server.standalone.StandaloneServer;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Ports;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * Runs a {@link ServerTest} class against the standalone server instead of a deployment on an application server:
 * in this JVM ({@code -Dsymple.target=jvm}) or as the runner's jar in a child process ({@code -Dsymple.target=jar}).
 * The class's {@code @Deployment} method still says what runs: its settings become the server's settings. A class
 * whose deployment needs more than the packaged application (test servlets or beans, several or unmanaged
 * deployments) is reported as skipped, with the reason, since only an application server can run it; its
 * deployment method has run by then, so what it started (a Redis fixture) stops with the test JVM.
 */
public final class StandaloneTarget
        implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor {

    /** Names the target: {@code arquillian} (the default), {@code jvm} or {@code jar}. */
    public static final String PROPERTY = "symple.target";

    private static final String TEST_CODE = "/WEB-INF/classes/" + ServerTest.class.getPackageName()
            .substring(0, ServerTest.class.getPackageName().lastIndexOf('.')).replace('.', '/') + "/";
    private static final String SETTINGS = "/WEB-INF/classes/symple.properties";
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(StandaloneTarget.class);

    private final boolean inProcess;

    private StandaloneTarget(boolean inProcess) {
        this.inProcess = inProcess;
    }

    /** The extension that puts the server of {@link #PROPERTY} under test. */
    static Extension selected() {
        String target = System.getProperty(PROPERTY, "arquillian");
        return switch (target) {
            case "arquillian" -> new ArquillianExtension();
            case "jvm" -> new StandaloneTarget(true);
            case "jar" -> new StandaloneTarget(false);
            default -> throw new IllegalArgumentException(PROPERTY + "=" + target + ": use arquillian, jvm or jar");
        };
    }

    /** Decides per class, so that a class this target cannot run is reported as skipped, with the reason. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent() || context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        try {
            Deployed deployed = deployed(context.getTestClass().get());
            if (deployed.unsupported() != null) {
                return ConditionEvaluationResult.disabled("needs an application server: " + deployed.unsupported());
            }
            context.getStore(STORE).put(Deployed.class, deployed);
            return ConditionEvaluationResult.enabled("runs on the standalone server");
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("deployment of " + context.getTestClass().get() + " unreadable", e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> type = context.getRequiredTestClass();
        Map<String, String> settings = context.getStore(STORE).get(Deployed.class, Deployed.class).settings();
        Running server = inProcess ? inThisJvm(settings) : inChildProcess(type.getSimpleName(), settings);
        context.getStore(STORE).put(Running.class, server);
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) {
        Running server = context.getStore(STORE).get(Running.class, Running.class);
        ((ServerTest) instance).base = server.base();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Running server = context.getStore(STORE).remove(Running.class, Running.class);
        if (server != null) {
            server.close();
        }
    }

    /** The settings of the class's one managed deployment, or why that deployment needs an application server. */
    private static Deployed deployed(Class<?> type) throws ReflectiveOperationException, IOException {
        List<Method> deployments = Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Deployment.class) && Modifier.isStatic(method.getModifiers()))
                .toList();
        if (deployments.size() != 1) {
            return Deployed.unsupported(deployments.size() + " deployments");
        }
        Method deployment = deployments.get(0);
        if (!deployment.getAnnotation(Deployment.class).managed()) {
            return Deployed.unsupported("deploys and undeploys during the test");
        }
        deployment.setAccessible(true);
        Archive<?> archive = (Archive<?>) deployment.invoke(null);
        List<String> testCode = archive.getContent().keySet().stream().map(ArchivePath::get)
                .filter(path -> path.startsWith(TEST_CODE) && path.endsWith(".class"))
                .map(path -> path.substring(path.lastIndexOf('/') + 1, path.length() - ".class".length()))
                .toList();
        if (!testCode.isEmpty()) {
            return Deployed.unsupported("deploys test code " + testCode);
        }
        Properties properties = new Properties();
        Node node = archive.get(SETTINGS);
        if (node != null && node.getAsset() != null) {
            try (InputStream in = node.getAsset().openStream()) {
                properties.load(in);
            }
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return new Deployed(settings, null);
    }

    private static Running inThisJvm(Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(settings);
        all.put("SYMPLE_PORT", String.valueOf(Ports.free()));
        all.put("SYMPLE_HOST", "127.0.0.1");
        SympleConfig config = SympleConfig.from(Settings.of(all));
        if (!config.warnings().isEmpty()) {
            throw new IllegalStateException("test settings rejected: " + config.warnings());
        }
        StandaloneServer server = StandaloneServer.start(config);
        return new Running(url(server.port()), server);
    }

    private static Running inChildProcess(String name, Map<String, String> settings) {
        ServerProcess child = Launcher.instance(Product.STANDALONE, name, settings).awaitReady();
        return new Running(url(child.port()), child);
    }

    private static URL url(int port) {
        try {
            return URI.create("http://127.0.0.1:" + port + "/").toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a test class deploys: its settings, or why the standalone server cannot run it. */
    private record Deployed(Map<String, String> settings, String unsupported) {

        static Deployed unsupported(String reason) {
            return new Deployed(Map.of(), reason);
        }
    }

    /** A started server and where it is. */
    private record Running(URL base, AutoCloseable server) {

        void close() {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException("server did not stop", e);
            }
        }
    }
}
