package io.tickstream.ingest.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** At most {@code max} connection attempts per sliding {@code window} (Binance: 300 per 5 minutes per IP). */
final class ConnectionBudget {

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Deque<Long> attempts = new ArrayDeque<>();

    ConnectionBudget(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Zero and the attempt is recorded, or how long to wait until one is allowed. */
    synchronized Duration tryAcquire() {
        long now = clock.millis();
        while (!attempts.isEmpty() && attempts.peekFirst() <= now - window.toMillis()) {
            attempts.pollFirst();
        }
        if (attempts.size() < max) {
            attempts.addLast(now);
            return Duration.ZERO;
        }
        return Duration.ofMillis(attempts.peekFirst() + window.toMillis() - now);
    }
}
