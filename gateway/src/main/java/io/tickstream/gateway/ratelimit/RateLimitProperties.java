package io.tickstream.gateway.ratelimit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Rate limits shared across gateway instances (a token bucket in Redis), under
 * {@code tickstream.gateway.rate-limit.}.
 *
 * @param enabled          limit at all; default true
 * @param replenishRate    requests per second an anonymous client (no API key) may make in the long run;
 *                         default 20. A client with a key has its plan's ({@code tickstream.gateway.api-keys.plans})
 * @param burstCapacity    requests an anonymous client may make at once; default 40
 * @param apiKeyHeader     header carrying a client's API key (one issued by {@code POST /admin/api-keys}; any other
 *                         is refused with 401), whose bucket is then the key's own; default {@code X-API-Key}
 * @param trustedProxyHops how many proxies in front of the gateway append to {@code X-Forwarded-For};
 *                         the client address is taken that many hops from the right, so a forged header
 *                         cannot choose the bucket. Default 0: the TCP peer's address, header ignored
 * @param whenRedisDown    {@code allow} (counted in {@code tickstream.gateway.ratelimit.unavailable} and
 *                         logged) or {@code deny} (503 with {@code Retry-After}); default allow: the
 *                         limiter protects the services, and an outage of it should not become one of
 *                         the whole API
 * @param redisTimeout     bound on the bucket call before the {@code whenRedisDown} policy applies;
 *                         default 250ms
 * @param keyPrefix        Redis key prefix of the buckets; default {@code tickstream:gateway:rl:}
 * @param prefetch         tokens a gateway instance takes from a client's shared bucket at once, when the
 *                         bucket has them, to spend on that client's next requests without asking Redis.
 *                         Default 1: every request asks Redis, exact to the token. Above 1 the limit stays
 *                         an upper bound across instances (prefetched tokens are gone from the shared
 *                         bucket), but a client may be refused by one instance while another still holds
 *                         some of its tokens, and {@code X-RateLimit-Remaining} is this instance's view.
 *                         For high limits (thousands of requests per second per client) this saves most of
 *                         the limiter's cost per request (docs/benchmarks.md); at most 1000
 * @param prefetchFor      how long prefetched tokens stay usable; unused ones are dropped after that (so
 *                         a client's tokens are never held back from other instances for longer);
 *                         default 1s
 */
@Validated
@ConfigurationProperties("tickstream.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20") @Min(1) int replenishRate,
        @DefaultValue("40") @Min(1) int burstCapacity,
        @DefaultValue("X-API-Key") @NotBlank String apiKeyHeader,
        @DefaultValue("0") @Min(0) int trustedProxyHops,
        @DefaultValue("allow") @NotNull WhenRedisDown whenRedisDown,
        @DefaultValue("250ms") @NotNull Duration redisTimeout,
        @DefaultValue("tickstream:gateway:rl:") @NotBlank String keyPrefix,
        @DefaultValue("1") @Min(1) @Max(1000) int prefetch,
        @DefaultValue("1s") @NotNull Duration prefetchFor) {

    /** What a request gets while the buckets cannot be reached. */
    public enum WhenRedisDown {
        ALLOW, DENY
    }
}
