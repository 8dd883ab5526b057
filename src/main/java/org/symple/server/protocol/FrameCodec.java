package org.symple.server.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;

/** The one place that reads and writes JSON: JSON-P for routed frames, JSON-B for the server's typed frames. */
public final class FrameCodec {

    /**
     * The JSON-P provider, looked up once: {@code Json.createXxx} looks the provider up again on every call, which
     * costs more than building a small frame.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = JSON.createWriterFactory(Map.of());
    private static final Jsonb JSONB = JsonbBuilder.create();

    private FrameCodec() {
    }

    /** The frame as a JSON object, or empty for anything else (invalid JSON, null, numbers, strings, arrays). */
    public static Optional<JsonObject> parseObject(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? Optional.of(value.asJsonObject()) : Optional.empty();
        } catch (RuntimeException invalid) {
            return Optional.empty();
        } catch (StackOverflowError tooDeep) {
            return Optional.empty(); // a JSON-P without a nesting limit, fed thousands of nested arrays
        }
    }

    /** Any JSON value (object, array, string, number, literal); throws {@link jakarta.json.JsonException} when not JSON. */
    public static JsonValue parseValue(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    /**
     * Writes the object as JSON text. The writer is closed: JSON-P implementations (Parsson) take their character
     * buffer from a pool and give it back only on close, so an unclosed writer allocates a new buffer every time.
     */
    public static String write(JsonObject object) {
        StringWriter out = new StringWriter(128);
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.write(object);
        }
        return out.toString();
    }

    /** Serialises one of the {@link ServerFrames} records. */
    public static String write(Record frame) {
        return JSONB.toJson(frame);
    }

    public static String error(ErrorCode code) {
        return write(new ServerFrames.ErrorFrame(code.status(), code.message()));
    }

    public static String error(int status, String message) {
        return write(new ServerFrames.ErrorFrame(status, message));
    }

    /** The frame with {@code from} set to the given address; all other fields unchanged. */
    public static JsonObject withFrom(JsonObject frame, String from) {
        return JSON.createObjectBuilder(frame).add("from", from).build();
    }

    /** A server-built presence frame: {@code {"type":"presence","from":…,"data":{…}}}. */
    public static JsonObject presence(String from, JsonObject data) {
        return JSON.createObjectBuilder().add("type", "presence").add("from", from).add("data", data).build();
    }


    /** The string value of a field, or null when absent or not a string. */
    public static String string(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value != null && value.getValueType() == JsonValue.ValueType.STRING
                ? ((jakarta.json.JsonString) value).getString() : null;
    }
}
