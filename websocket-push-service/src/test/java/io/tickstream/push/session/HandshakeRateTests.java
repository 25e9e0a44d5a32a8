package io.tickstream.push.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeRateTests {

    @Test
    void aBurstPassesThenTheRateRefillsIt() {
        long start = System.nanoTime();
        HandshakeRate rate = new HandshakeRate(10, 3, start);
        assertThat(rate.tryAcquire(start)).isTrue();
        assertThat(rate.tryAcquire(start)).isTrue();
        assertThat(rate.tryAcquire(start)).isTrue();
        assertThat(rate.tryAcquire(start)).as("burst spent").isFalse();
        assertThat(rate.tryAcquire(start - 1_000_000_000L)).as("an earlier clock read adds nothing").isFalse();
        assertThat(rate.tryAcquire(start + 50_000_000L)).as("half a token after 50 ms at 10/s").isFalse();
        assertThat(rate.tryAcquire(start + 100_000_000L)).as("one token after 100 ms").isTrue();
        assertThat(rate.tryAcquire(start + 10_000_000_000L)).isTrue();
        assertThat(rate.tryAcquire(start + 10_000_000_000L)).isTrue();
        assertThat(rate.tryAcquire(start + 10_000_000_000L)).isTrue();
        assertThat(rate.tryAcquire(start + 10_000_000_000L)).as("never more than the burst").isFalse();
    }
}
