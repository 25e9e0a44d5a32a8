package io.tickstream.query.freshness;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.query.QueryFixtures;
import io.tickstream.query.state.MarketState;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessHealthIndicatorTests {

    private static final FreshnessProperties BOUNDS = new FreshnessProperties(Duration.ofSeconds(30), Duration.ofMinutes(5));

    private final MarketState state = new MarketState();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void upWhileEveryQuoteAndTheSummaryAreWithinTheirBounds() {
        state.apply(QueryFixtures.quote("binance", "BTC", "100", 100_000));
        state.apply(QueryFixtures.summary("3000000000000", "55", null, 90_000));

        Health health = at(120_000).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("stale", List.of()).containsEntry("waiting", false)
                .containsEntry("summaryAgeMs", 30_000L);
        assertThat(meters.get("tickstream.query.freshness.stale.symbols").gauge().value()).isZero();
        assertThat(meters.get("tickstream.query.freshness.summary.age").gauge().value()).isEqualTo(30.0);
    }

    @Test
    void degradedNamingTheStaleSymbolsAndSummaryPastTheirBounds() {
        state.apply(QueryFixtures.quote("binance", "BTC", "100", 400_000));
        state.apply(QueryFixtures.quote("kraken", "ETH", "10", 100_000));
        state.apply(QueryFixtures.summary("3000000000000", "55", null, 50_000));

        Health health = at(410_000).health();

        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.getDetails()).containsEntry("stale", List.of("ETH", "summary"));
        assertThat(meters.get("tickstream.query.freshness.stale.symbols").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void upAndWaitingBeforeAnyData() {
        Health health = at(1_000).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("waiting", true);
        assertThat(meters.get("tickstream.query.freshness.summary.age").gauge().value()).isEqualTo(-1.0);
    }

    private FreshnessHealthIndicator at(long epochMs) {
        return new FreshnessHealthIndicator(state, BOUNDS, Clock.fixed(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC), meters);
    }
}
