package io.tickstream.push.freshness;

import io.tickstream.common.market.MarketFreshness;
import io.tickstream.push.channel.ChannelHub;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * {@code /actuator/health/freshness}: the age of the newest quote of each symbol and of the market
 * summary the channels of this instance show, against {@link FreshnessProperties}: {@code DEGRADED}
 * (HTTP 200) naming what is stale, else {@code UP} ({@code waiting} while nothing arrived yet). Clients
 * keep getting what there is, so it is in neither the liveness nor the readiness group.
 */
@Component("freshness")
class FreshnessHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "market data older than its bound");

    private final ChannelHub hub;
    private final MarketFreshness bounds;
    private final Clock clock;

    @Autowired
    FreshnessHealthIndicator(ChannelHub hub, FreshnessProperties properties) {
        this(hub, properties, Clock.systemUTC());
    }

    FreshnessHealthIndicator(ChannelHub hub, FreshnessProperties properties, Clock clock) {
        this.hub = hub;
        this.bounds = new MarketFreshness(properties.quoteMaxAge(), properties.summaryMaxAge());
        this.clock = clock;
    }

    @Override
    public Health health() {
        MarketFreshness.Report report = hub.freshness(bounds, clock.millis());
        Health.Builder builder = report.stale() ? Health.status(DEGRADED) : Health.up();
        return builder.withDetails(report.details()).withDetail("waiting", report.empty()).build();
    }
}
