package io.tickstream.ingest.source;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceThrottleTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void allowsTheBudgetThenRefusesUntilItRefills() {
        SourceThrottle throttle = new SourceThrottle("kraken", 3, Duration.ofSeconds(3), clock);
        throttle.acquire();
        throttle.acquire();
        throttle.acquire();
        assertThatThrownBy(throttle::acquire).isInstanceOf(SourceCallException.RateLimited.class)
                .satisfies(e -> {
                    SourceCallException.RateLimited limited = (SourceCallException.RateLimited) e;
                    assertThat(limited.status()).isZero();
                    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                });
        clock.advance(Duration.ofSeconds(1));
        throttle.acquire();
        assertThat(throttle.available()).isZero();
    }

    @Test
    void aPauseRefusesEveryCallUntilItEnds() {
        SourceThrottle throttle = new SourceThrottle("binance", 100, Duration.ofMinutes(1), clock);
        throttle.pauseUntil(clock.instant().plusSeconds(7), "HTTP 429");
        assertThatThrownBy(throttle::acquire).isInstanceOf(SourceCallException.RateLimited.class)
                .hasMessageContaining("HTTP 429");
        assertThat(throttle.pausedUntil()).contains(Instant.parse("2026-01-01T00:00:07Z"));
        clock.advance(Duration.ofSeconds(7));
        throttle.acquire();
        assertThat(throttle.pausedUntil()).isEmpty();
    }

    @Test
    void aShorterPauseDoesNotCutALongerOne() {
        SourceThrottle throttle = new SourceThrottle("binance", 100, Duration.ofMinutes(1), clock);
        throttle.pauseUntil(clock.instant().plusSeconds(120), "HTTP 418");
        throttle.pauseUntil(clock.instant().plusSeconds(5), "used weight");
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(throttle::acquire).hasMessageContaining("HTTP 418");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
