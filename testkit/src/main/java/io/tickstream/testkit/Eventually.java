package io.tickstream.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition of a private deployment (formed, failed over, rejoined) until it holds or time is up. */
final class Eventually {

    private static final long POLL_MILLIS = 50;

    private Eventually() {
    }

    /**
     * Returns once {@code condition} holds; throws {@link IllegalStateException} naming {@code what} and the
     * last {@code state} seen when it does not within {@code timeout}.
     */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + timeout + "; last seen:\n" + state.get());
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
