package io.tickstream.gateway.ratelimit;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.util.List;

/** The shared token bucket of one client in Redis ({@code scripts/token-bucket.lua}). */
final class RedisTokenBucket {

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final RedisScript<List<Long>> TAKE =
            (RedisScript) RedisScript.of(new ClassPathResource("scripts/token-bucket.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final RateLimitProperties properties;

    RedisTokenBucket(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Takes one token from {@code client}'s bucket. */
    Mono<Decision> take(String client) {
        return redis.execute(TAKE, List.of(properties.keyPrefix() + client),
                        List.of(Integer.toString(properties.replenishRate()), Integer.toString(properties.burstCapacity()), "1"))
                .next()
                .map(result -> new Decision(result.get(0) == 1L, result.get(1), result.get(2)))
                .timeout(properties.redisTimeout());
    }

    /**
     * What the bucket said.
     *
     * @param allowed   the request may pass
     * @param remaining whole tokens left
     * @param waitMs    when refused, milliseconds until a token is there
     */
    record Decision(boolean allowed, long remaining, long waitMs) {
    }
}
