package io.tickstream.query;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/cache}: {@code UP} with Redis, {@code DEGRADED} (HTTP 200) without it. The
 * service keeps answering from L1 and PostgreSQL while Redis is down, so a Redis outage must not take
 * instances out of rotation; this replaces Boot's Redis indicator, which would say {@code DOWN}.
 */
@Component("cache")
class CacheHealthIndicator implements HealthIndicator {

    /** Answers still flow, possibly stale. */
    static final Status DEGRADED = new Status("DEGRADED", "Redis unavailable: answers from L1 and PostgreSQL may be stale");

    private final RedisAvailability redis;

    CacheHealthIndicator(RedisAvailability redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        Health.Builder builder = redis.degraded() ? Health.status(DEGRADED) : Health.up();
        return builder.withDetail("redisFailures", redis.failures())
                .withDetail("lastRedisError", redis.lastError())
                .build();
    }
}
