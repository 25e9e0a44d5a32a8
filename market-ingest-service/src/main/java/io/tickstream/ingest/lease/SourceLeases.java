package io.tickstream.ingest.lease;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.util.List;

/** Lease operations in Redis: one key per source holding the holder's instance id, with a TTL. */
final class SourceLeases {

    private static final RedisScript<Long> ACQUIRE =
            RedisScript.of(new ClassPathResource("scripts/lease-acquire.lua"), Long.class);
    private static final RedisScript<Long> RELEASE =
            RedisScript.of(new ClassPathResource("scripts/lease-release.lua"), Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final LeaseProperties properties;
    private final String instanceId;

    SourceLeases(ReactiveStringRedisTemplate redis, LeaseProperties properties, String instanceId) {
        this.redis = redis;
        this.properties = properties;
        this.instanceId = instanceId;
    }

    /** Takes the lease of {@code source} if free, renews it if ours; true when we hold it afterwards. */
    Mono<Boolean> acquireOrRenew(String source) {
        return redis.execute(ACQUIRE, List.of(key(source)),
                        List.of(instanceId, Long.toString(properties.ttl().toMillis())))
                .next().map(held -> held == 1L).defaultIfEmpty(false);
    }

    /** Gives up the lease of {@code source} if we hold it, so another instance takes it at once. */
    Mono<Boolean> release(String source) {
        return redis.execute(RELEASE, List.of(key(source)), List.of(instanceId))
                .next().map(released -> released == 1L).defaultIfEmpty(false);
    }

    /** The current holder of {@code source}'s lease, if any. */
    Mono<String> holder(String source) {
        return redis.opsForValue().get(key(source));
    }

    private String key(String source) {
        return properties.keyPrefix() + source;
    }
}
