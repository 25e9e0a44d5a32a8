package io.tickstream.backup.trim;

import io.lettuce.core.XTrimArgs;
import io.tickstream.streams.StreamIds;
import io.tickstream.streams.connection.RedisConnections;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * Trims a stream behind what the backup group has committed: {@code XTRIM MINID ~ <id>} where the id is
 * the earlier of the group's committed position ({@link StreamState#committedBelow()}) and
 * {@code now - retain}. Approximate trimming removes only whole radix-tree nodes below the id, so it
 * trims less, never more. Nothing unarchived is ever removed here, however long the backlog grows.
 */
final class StreamTrimmer {

    private final RedisConnections redis;
    private final TrimProperties properties;

    StreamTrimmer(RedisConnections redis, TrimProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** The id below which {@code state}'s stream may be trimmed at {@code now}. */
    String trimBelow(StreamState state, Instant now) {
        return StreamIds.min(state.committedBelow(), StreamIds.at(now.minus(properties.retain())));
    }

    /** Trims; emits the number of entries removed. */
    Mono<Long> trim(StreamState state, Instant now) {
        String minId = trimBelow(state, now);
        if (StreamIds.compare(minId, StreamIds.ZERO) <= 0) {
            return Mono.just(0L);
        }
        return redis.shared().flatMap(c -> c.xtrim(state.stream(), XTrimArgs.Builder.minId(minId).approximateTrimming()));
    }
}
