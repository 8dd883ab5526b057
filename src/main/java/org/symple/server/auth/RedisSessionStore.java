package org.symple.server.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.protocol.ErrorCode;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.redis.RedisConnector;
import org.symple.server.redis.RedisFailure;

/**
 * Token sessions kept in Redis by the application: {@code GET symple:session:<token>} holding a JSON
 * object. Lookups fail with {@link AuthFailure}s (no session, not an object, Redis error); expiry changes are
 * fire-and-forget. Neither the token nor the session's contents ever reach a log line.
 */
@ApplicationScoped
public class RedisSessionStore {

    public static final String KEY_PREFIX = "symple:session:";

    /** Bound of one lookup: the client hears the 401 Redis error well within 5 s even when Redis hangs. */
    static final long LOOKUP_TIMEOUT_MILLIS = 4000;
    private static final long EXPIRE_TIMEOUT_MILLIS = 5000;
    private static final Logger LOG = Logger.getLogger(RedisSessionStore.class.getName());

    private final RedisConnector redis;

    /** For the container's client proxy. */
    protected RedisSessionStore() {
        this(null);
    }

    @Inject
    public RedisSessionStore(RedisConnector redis) {
        this.redis = redis;
    }

    /** The session object stored under the token. */
    public CompletionStage<JsonObject> find(String token) {
        return redis.call(jedis -> jedis.get(KEY_PREFIX + token), LOOKUP_TIMEOUT_MILLIS).handle((raw, error) -> {
            if (error != null) {
                throw redisError(error);
            }
            return parse(raw);
        });
    }

    /** Sets the session to expire {@code seconds} from now (EXPIRE: Redis's clock, not ours). */
    public void expire(String token, long seconds) {
        redis.call(jedis -> jedis.expire(KEY_PREFIX + token, seconds), EXPIRE_TIMEOUT_MILLIS).whenComplete((set, error) -> {
            if (error != null) {
                LOG.log(Level.FINE, "Session expiry not refreshed: {0}", cause(error).getMessage());
            }
        });
    }

    /**
     * A stored value as a session: absent is "No session", JSON other than an object "Session must be an object",
     * anything else a Redis error.
     */
    static JsonObject parse(String raw) {
        if (raw == null) {
            throw new AuthFailure(ErrorCode.NO_SESSION);
        }
        JsonValue value;
        try {
            value = FrameCodec.parseValue(raw);
        } catch (RuntimeException notJson) {
            throw new AuthFailure(ErrorCode.REDIS_ERROR.status(), ErrorCode.REDIS_ERROR.message() + "session is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new AuthFailure(ErrorCode.SESSION_NOT_OBJECT);
        }
        return value.asJsonObject();
    }

    private static AuthFailure redisError(Throwable error) {
        Throwable cause = cause(error);
        String detail = cause instanceof RedisFailure ? cause.getMessage() : "unexpected failure";
        return new AuthFailure(ErrorCode.REDIS_ERROR.status(), ErrorCode.REDIS_ERROR.message() + detail);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
