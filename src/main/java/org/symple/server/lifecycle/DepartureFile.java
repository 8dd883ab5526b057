package org.symple.server.lifecycle;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.peers.Departure;
import org.symple.server.protocol.FrameCodec;

/**
 * Where a single instance without Redis keeps its recent departures across a restart: a small JSON file in the
 * temporary directory, named after the working directory, context path and port, written when the instance stops
 * and read (then deleted) when it starts. Without it, clients that reconnect after a restart would keep the peers
 * of before it in their rosters. A crash loses it; with Redis the departures live there instead.
 */
final class DepartureFile {

    private static final Logger LOG = Logger.getLogger(DepartureFile.class.getName());

    private final Path path;

    DepartureFile(String contextPath, int port) {
        String owner = System.getProperty("user.dir", "") + "|" + contextPath + "|" + port;
        path = Path.of(System.getProperty("java.io.tmpdir"),
                "symple-departures-" + Integer.toHexString(owner.hashCode()) + ".json");
    }

    /** The departures written by the last stop, or none; the file is gone afterwards. */
    List<Departure> take() {
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            JsonValue saved = FrameCodec.parseValue(Files.readString(path, StandardCharsets.UTF_8));
            return saved.getValueType() != JsonValue.ValueType.ARRAY ? List.of()
                    : saved.asJsonArray().stream().map(Departure::fromJson).flatMap(java.util.Optional::stream).toList();
        } catch (IOException | RuntimeException unreadable) {
            LOG.log(Level.FINE, "Departures of the last run not read from " + path, unreadable);
            return List.of();
        } finally {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // read once at most; a leftover is overwritten at the next stop
            }
        }
    }

    /** Writes the departures (replacing the file at once, so a reader never sees half of it). */
    void save(List<Departure> departures) {
        if (departures.isEmpty()) {
            return;
        }
        JsonArrayBuilder array = FrameCodec.JSON.createArrayBuilder();
        departures.forEach(departure -> array.add(departure.toJson()));
        try {
            Path written = Files.createTempFile(path.getParent(), "symple-departures", ".tmp");
            Files.writeString(written, array.build().toString(), StandardCharsets.UTF_8);
            Files.move(written, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException failed) {
            LOG.log(Level.FINE, "Departures not kept for the next start in " + path, failed);
        }
    }
}
