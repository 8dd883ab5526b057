package org.symple.server.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.symple.server.config.ConfigProducer;
import org.symple.server.endpoint.SympleEndpoint;

/**
 * The classes the WAR carries in {@code WEB-INF/classes}, found where the endpoint class was loaded from (the
 * runner's jar or a classes directory), without this package and without the WAR's settings producer: the
 * runner's CDI container is built from exactly these, so a new class or package of the application needs no
 * change here.
 */
final class ApplicationClasses {

    private static final String ROOT = "org/symple/server/";
    private static final String RUNNER = ROOT + "standalone/";

    private ApplicationClasses() {
    }

    static Class<?>[] list() {
        try {
            Path location = Path.of(SympleEndpoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return collect(location);
            }
            try (FileSystem jar = FileSystems.newFileSystem(location, Map.of())) {
                return collect(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?>[] collect(Path root) throws IOException {
        Path base = root.resolve(ROOT);
        try (Stream<Path> files = Files.walk(base)) {
            List<String> names = files
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> name.endsWith(".class") && !name.startsWith(RUNNER))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> !name.equals(ConfigProducer.class.getName()))
                    .sorted()
                    .toList();
            Class<?>[] classes = new Class<?>[names.size()];
            ClassLoader loader = SympleEndpoint.class.getClassLoader();
            for (int i = 0; i < classes.length; i++) {
                try {
                    classes[i] = Class.forName(names.get(i), false, loader);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("Cannot load " + names.get(i), e);
                }
            }
            return classes;
        }
    }
}
