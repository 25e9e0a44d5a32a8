package io.tickstream.gateway.ratelimit;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The shared token bucket of one client in Redis ({@code scripts/token-bucket.lua}): one {@code EVALSHA}
 * per call on the shared, pipelined Lettuce connection; one call per request, or per {@code prefetch}
 * requests of a client that has the tokens.
 */
final class RedisTokenBucket {

    /**
     * Held as text, read once. A script made from the classpath resource itself asks the resource for its
     * modification time on every call, to reload it if changed: inside the fat jar that is a jar lookup per
     * request, and it took 7 % of the request threads' time.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final RedisScript<List<Long>> TAKE = (RedisScript) RedisScript.of(scriptText(), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final RateLimitProperties properties;
    private final Mono<Long> deadline;
    private final Mono<Decision> timedOut;

    RedisTokenBucket(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
        this.deadline = Mono.delay(properties.redisTimeout());
        String message = "no answer from Redis within " + properties.redisTimeout().toMillis() + " ms";
        this.timedOut = Mono.error(() -> new TimeoutException(message));
    }

    /** The bucket of a kind of client: an anonymous one's, or an API key plan's. */
    Limit limit(int replenishRate, int burstCapacity) {
        return new Limit(replenishRate, burstCapacity, List.of(Integer.toString(replenishRate), Integer.toString(burstCapacity),
                "1", Integer.toString(properties.prefetch())));
    }

    /**
     * Takes one token from {@code client}'s bucket of {@code limit}, and up to {@code prefetch - 1} more when it
     * has them; fails after {@code redisTimeout} without an answer.
     */
    Mono<Decision> take(String client, Limit limit) {
        // timeout(Publisher, fallback) rather than timeout(Duration): the latter names the timed-out
        // operator for its message by walking the whole operator chain at every subscription
        return redis.execute(TAKE, List.of(properties.keyPrefix() + client), limit.takeOne())
                .next()
                .map(result -> new Decision(result.get(0) == 1L, result.get(1), result.get(2), Math.toIntExact(result.get(3))))
                .timeout(deadline, timedOut);
    }

    private static String scriptText() {
        try {
            return new ClassPathResource("scripts/token-bucket.lua").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A bucket's size.
     *
     * @param replenishRate tokens per second
     * @param burstCapacity tokens at most
     * @param takeOne       the script's arguments for one request
     */
    record Limit(int replenishRate, int burstCapacity, List<String> takeOne) {
    }

    /**
     * What the bucket said.
     *
     * @param allowed   the request may pass
     * @param remaining whole tokens left
     * @param waitMs    when refused, milliseconds until a token is there
     * @param taken     tokens taken: 1 for this request, any more are prefetched for the client's next ones
     */
    record Decision(boolean allowed, long remaining, long waitMs, int taken) {
    }
}
