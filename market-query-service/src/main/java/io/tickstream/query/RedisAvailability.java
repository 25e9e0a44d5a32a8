package io.tickstream.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this instance knows about Redis: every Redis caller reports failures and successes here. After
 * a failure, cache reads skip Redis for {@link #RETRY_AFTER} (so a dead Redis costs no request a
 * timeout), and the service reports itself degraded until a Redis call succeeds again. Answers still
 * flow from L1 and PostgreSQL meanwhile, flagged as possibly stale.
 */
@Component
public class RedisAvailability {

    /** How long cache reads leave Redis alone after a failure. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(RedisAvailability.class);

    private final Clock clock;
    private final AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastSuccess = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>("");

    public RedisAvailability(Clock clock) {
        this.clock = clock;
    }

    /** A Redis call failed. Logs the first failure of an outage only. */
    public void failed(Throwable error) {
        failures.incrementAndGet();
        lastError.set(error.toString());
        long previous = lastFailure.getAndSet(clock.millis());
        if (previous <= lastSuccess.get()) {
            log.warn("Redis unavailable, answering from L1 and PostgreSQL (may be stale): {}", error.toString());
        }
    }

    /** A Redis call succeeded. */
    public void succeeded() {
        long now = clock.millis();
        if (lastSuccess.getAndSet(now) < lastFailure.get()) {
            log.info("Redis available again");
        }
    }

    /** True while the latest Redis call failed: data may be stale. */
    public boolean degraded() {
        return lastFailure.get() > lastSuccess.get();
    }

    /** True when a cache read may try Redis now: it is up, or its pause after a failure is over. */
    public boolean worthTrying() {
        return !degraded() || clock.millis() - lastFailure.get() >= RETRY_AFTER.toMillis();
    }

    public long failures() {
        return failures.get();
    }

    public String lastError() {
        return lastError.get();
    }
}
