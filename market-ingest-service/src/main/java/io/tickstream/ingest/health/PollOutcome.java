package io.tickstream.ingest.health;

import java.time.Duration;

/**
 * How one poll of a source ended, as far as its health is concerned.
 *
 * @param kind       what happened
 * @param detail     a short cause for the health entry, e.g. {@code HTTP 503}, {@code 2 rejected}
 * @param retryAfter for {@link Kind#RATE_LIMITED}: how long the source asked us to wait; else null
 */
public record PollOutcome(Kind kind, String detail, Duration retryAfter) {

    public enum Kind {
        /** Data arrived and all of it was fresh and valid. */
        CLEAN,
        /** Data arrived, but some was rejected or stale. */
        PARTIAL,
        /** The source or our budget asked us to wait. */
        RATE_LIMITED,
        /** The poll failed; the breaker is still closed. */
        FAILED,
        /** The breaker is open: the source is considered down. */
        BREAKER_OPEN
    }

    public static PollOutcome clean() {
        return new PollOutcome(Kind.CLEAN, "", null);
    }

    public static PollOutcome partial(String detail) {
        return new PollOutcome(Kind.PARTIAL, detail, null);
    }

    public static PollOutcome rateLimited(String detail, Duration retryAfter) {
        return new PollOutcome(Kind.RATE_LIMITED, detail, retryAfter);
    }

    public static PollOutcome failed(String detail) {
        return new PollOutcome(Kind.FAILED, detail, null);
    }

    public static PollOutcome breakerOpen(String detail) {
        return new PollOutcome(Kind.BREAKER_OPEN, detail, null);
    }

    /** True when fresh data arrived. */
    public boolean delivered() {
        return kind == Kind.CLEAN || kind == Kind.PARTIAL;
    }
}
