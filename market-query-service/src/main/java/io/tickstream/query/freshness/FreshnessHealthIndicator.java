package io.tickstream.query.freshness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.common.market.MarketFreshness;
import io.tickstream.query.state.MarketState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * {@code /actuator/health/freshness}: the age of the newest quote of each symbol and of the market
 * summary this instance holds. {@code DEGRADED} (HTTP 200) when one is older than its bound
 * ({@link FreshnessProperties}), naming what is stale in {@code stale}; {@code UP} otherwise, also
 * before any data arrived ({@code waiting} is then true). A quiet or broken market is not a reason to
 * restart or unroute this instance (it serves what it has, flagged stale), so the component is in
 * neither the liveness nor the readiness group. The same figures are gauges for alerting:
 * {@code tickstream_query_freshness_stale_symbols} and {@code tickstream_query_freshness_summary_age_seconds}
 * (-1 before the first summary).
 */
@Component("freshness")
class FreshnessHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "market data older than its bound");

    private final MarketState state;
    private final MarketFreshness bounds;
    private final Clock clock;

    FreshnessHealthIndicator(MarketState state, FreshnessProperties properties, Clock clock, MeterRegistry meters) {
        this.state = state;
        this.bounds = new MarketFreshness(properties.quoteMaxAge(), properties.summaryMaxAge());
        this.clock = clock;
        Gauge.builder("tickstream.query.freshness.stale.symbols", () -> report().staleSymbols().size())
                .description("symbols whose newest quote is older than tickstream.query.freshness.quote-max-age")
                .register(meters);
        Gauge.builder("tickstream.query.freshness.summary.age", this::summaryAgeSeconds).baseUnit("seconds")
                .description("age of the newest market summary; -1 before the first").register(meters);
    }

    @Override
    public Health health() {
        MarketFreshness.Report report = report();
        return (report.stale() ? Health.status(DEGRADED) : Health.up())
                .withDetails(report.details()).withDetail("waiting", report.empty()).build();
    }

    private MarketFreshness.Report report() {
        return state.freshness(bounds, clock.millis());
    }

    private double summaryAgeSeconds() {
        Long age = report().summaryAgeMs();
        return age == null ? -1 : age / 1000.0;
    }
}
