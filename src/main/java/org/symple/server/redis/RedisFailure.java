package org.symple.server.redis;

/** A Redis command that could not be carried out: unreachable, too slow, or refused by the server. */
public final class RedisFailure extends RuntimeException {

    public RedisFailure(String detail) {
        super(detail, null, false, false);
    }
}
