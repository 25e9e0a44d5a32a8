package io.tickstream.ingest.source.simulated;

import io.tickstream.ingest.source.BarObservation;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline market's synthetic history: contiguous 1-minute bars that end where the live walk starts. */
class SimulatedHistoryTests {

    private static final long NOW = Instant.parse("2026-12-07T12:00:30Z").toEpochMilli();
    private final SimulatedHistory history = new SimulatedHistory(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
            Duration.ofDays(31));

    @Test
    void aDayOfBarsEndsAtTheStartPriceOfTheLiveWalkAndHoldsTogether() {
        long anchor = NOW / 60_000 * 60_000;
        List<BarObservation> bars = history.bars("BTC", anchor - Duration.ofDays(1).toMillis(), anchor).block();
        assertThat(bars).hasSize(1440);
        for (int i = 1; i < bars.size(); i++) {
            assertThat(bars.get(i).openTime()).isEqualTo(bars.get(i - 1).openTime() + 60_000);
            assertThat(bars.get(i).open()).as("each bar opens at the previous close").isEqualByComparingTo(bars.get(i - 1).close());
        }
        assertThat(bars).allSatisfy(b -> {
            assertThat(b.high()).isGreaterThanOrEqualTo(b.open().max(b.close()));
            assertThat(b.low()).isLessThanOrEqualTo(b.open().min(b.close()));
            assertThat(b.quoteVolume()).isPositive();
            assertThat(b.quote()).isEqualTo("USD");
        });
        assertThat(bars.getLast().close().doubleValue()).as("meets the live walk's start").isEqualTo(67_000, org.assertj.core.data.Offset.offset(0.01));
        assertThat(bars.getFirst().close().doubleValue()).isBetween(67_000 * 0.8, 67_000 * 1.2);
    }

    @Test
    void nothingBeyondItsReachNorForTheCurrentMinute() {
        long anchor = NOW / 60_000 * 60_000;
        assertThat(history.bars("ETH", anchor, anchor + 600_000).block()).isEmpty();
        assertThat(history.bars("ETH", anchor - Duration.ofDays(40).toMillis(), anchor - Duration.ofDays(31).toMillis() + 120_000)
                .block()).hasSize(2);
        assertThat(history.bars("PEPE", anchor - 120_000, anchor).block()).as("an unknown asset starts at 1")
                .last().satisfies(b -> assertThat(b.close().doubleValue()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-6)));
    }
}
