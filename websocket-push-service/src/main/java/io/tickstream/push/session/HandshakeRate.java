package io.tickstream.push.session;

/** A token bucket of handshakes: {@code perSecond} refill, {@code burst} capacity. Thread-safe. */
final class HandshakeRate {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    /** A full bucket at {@code now} ({@link System#nanoTime()}). */
    HandshakeRate(int perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    synchronized boolean tryAcquire(long now) {
        if (now > last) { // callers read the clock before the lock: an earlier time adds nothing
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
