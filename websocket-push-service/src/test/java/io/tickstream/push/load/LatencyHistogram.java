package io.tickstream.push.load;

import java.util.concurrent.atomic.AtomicLongArray;

/** Millisecond latencies 0..{@value #MAX_MS} ms (larger ones in the last bucket), recorded from many threads. */
final class LatencyHistogram {

    static final int MAX_MS = 60_000;

    private final AtomicLongArray counts = new AtomicLongArray(MAX_MS + 1);

    void record(long ms) {
        counts.incrementAndGet((int) Math.max(0, Math.min(MAX_MS, ms)));
    }

    long count() {
        long total = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The latency at quantile {@code q} (0..1), in ms; -1 when empty. */
    long quantile(double q) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return MAX_MS;
    }

    void reset() {
        for (int i = 0; i <= MAX_MS; i++) {
            counts.set(i, 0);
        }
    }
}
