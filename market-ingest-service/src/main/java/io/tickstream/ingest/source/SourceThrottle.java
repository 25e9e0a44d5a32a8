package io.tickstream.ingest.source;


import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The request budget of one source and its cooldown: a token bucket sized from the source's
 * documented limit ({@code requests} per {@code period}, refilled continuously), and a pause set when
 * the source answers 429/418 with {@code Retry-After} or when a usage header says we are close to its
 * limit. Every HTTP call to the source takes a token first; while paused, or when the bucket is empty,
 * no call is made at all. Thread-safe.
 */
public final class SourceThrottle {

    private final String source;
    private final Clock clock;
    private final double capacity;
    private final double tokensPerMilli;
    private double tokens;
    private long refilledAt;
    private Instant pausedUntil = Instant.EPOCH;
    private String pauseReason = "";

    public SourceThrottle(String source, int requests, Duration period, Clock clock) {
        if (requests < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("budget of " + source + " must allow at least one request per period");
        }
        this.source = source;
        this.clock = clock;
        this.capacity = requests;
        this.tokensPerMilli = requests / (double) period.toMillis();
        this.tokens = requests;
        this.refilledAt = clock.millis();
    }

    /**
     * Takes one request from the budget.
     *
     * @throws SourceCallException.RateLimited (status 0) while paused or when the budget is spent
     */
    public synchronized void acquire() {
        Instant now = clock.instant();
        if (now.isBefore(pausedUntil)) {
            throw new SourceCallException.RateLimited(0, Duration.between(now, pausedUntil),
                    source + " paused until " + pausedUntil + " (" + pauseReason + ")");
        }
        refill(now.toEpochMilli());
        if (tokens < 1) {
            long waitMs = (long) Math.ceil((1 - tokens) / tokensPerMilli);
            throw new SourceCallException.RateLimited(0, Duration.ofMillis(waitMs),
                    source + " request budget spent; next request in " + waitMs + " ms");
        }
        tokens -= 1;
    }

    /** No calls before {@code until}; a later pause already set is kept. */
    public synchronized void pauseUntil(Instant until, String reason) {
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
            pauseReason = reason;
        }
    }

    /** The end of the current pause, if one is running. */
    public synchronized Optional<Instant> pausedUntil() {
        return clock.instant().isBefore(pausedUntil) ? Optional.of(pausedUntil) : Optional.empty();
    }

    /** Whole requests left in the budget now. */
    public synchronized int available() {
        refill(clock.millis());
        return (int) tokens;
    }

    private void refill(long nowMs) {
        long elapsed = Math.max(0, nowMs - refilledAt);
        tokens = Math.min(capacity, tokens + elapsed * tokensPerMilli);
        refilledAt = nowMs;
    }
}
