package io.tickstream.gateway.ratelimit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one caller at a time, at most once per 100 ms, sweep a bounded map of clients that is full: however
 * many requests find it full, the map is walked at most ten times a second.
 */
final class SweepThrottle {

    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final AtomicLong lastSweep = new AtomicLong();

    /** True when the caller, at {@code now} ({@link System#nanoTime()}), is the one to sweep. */
    boolean due(long now) {
        long last = lastSweep.get();
        return now - last >= EVERY_NANOS && lastSweep.compareAndSet(last, now);
    }
}
