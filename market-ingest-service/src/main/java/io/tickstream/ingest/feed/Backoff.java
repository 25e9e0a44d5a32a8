package io.tickstream.ingest.feed;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a uniform random time below min(cap, base·2ⁿ). */
final class Backoff {

    private final Duration base;
    private final Duration cap;
    private int attempt;

    Backoff(Duration base, Duration cap) {
        this.base = base;
        this.cap = cap;
    }

    /** The delay before the next attempt; each call doubles the bound until the cap. */
    synchronized Duration next() {
        long bound = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
        attempt++;
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, bound) + 1));
    }

    /** Back to the first bound (a connection delivered data). */
    synchronized void reset() {
        attempt = 0;
    }
}
