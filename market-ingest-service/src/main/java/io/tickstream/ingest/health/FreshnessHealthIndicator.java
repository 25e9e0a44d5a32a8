package io.tickstream.ingest.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.ingest.lease.LeaseNames;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /actuator/health/freshness}: for each source this instance polls (holds the lease of), the age
 * of its last good data against the source's {@code max-age} ({@code tickstream.ingest.sources.<name>.max-age},
 * 5 min by default, 2 days for Fear &amp; Greed). {@code DEGRADED} (HTTP 200) when one is past it, named
 * in {@code stale}; a polled source that has delivered nothing good is stale once its state is older
 * than its max-age. Sources another instance polls are listed with {@code polledHere: false} and never
 * make this instance DEGRADED. Not in the liveness or readiness group: a quiet or failing market API is
 * no reason to restart or unroute the process. The bound is a gauge too,
 * {@code tickstream_ingest_source_max_age_seconds{source}}, for the stale-data alert.
 */
@Component("freshness")
class FreshnessHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a source's last good data is older than its max-age");

    private final SourceHealthTracker tracker;
    private final Map<String, SourceProperties> sources;
    private final LeaseKeeper leases;
    private final Clock clock;
    private final FeedModes modes;

    FreshnessHealthIndicator(SourceHealthTracker tracker, SourcesProperties sources, LeaseKeeper leases, Clock clock,
                             MeterRegistry meters, FeedModes modes) {
        this.modes = modes;
        this.tracker = tracker;
        this.sources = sources.byName();
        this.leases = leases;
        this.clock = clock;
        this.sources.forEach((name, settings) -> {
            if (settings.enabled()) {
                Gauge.builder("tickstream.ingest.source.max.age", () -> settings.maxAge().toMillis() / 1000.0)
                        .tag("source", name).baseUnit("seconds")
                        .description("tickstream.ingest.sources.<source>.max-age: older data is stale").register(meters);
            }
        });
    }

    @Override
    public Health health() {
        long now = clock.millis();
        Map<String, Object> bySource = new TreeMap<>();
        List<String> stale = new ArrayList<>();
        tracker.statuses().forEach((name, status) -> {
            SourceProperties settings = sources.get(name);
            long maxAgeMs = settings == null ? Long.MAX_VALUE : settings.maxAge().toMillis();
            boolean polledHere = leases.isHeld(name);
            long since = status.lastGoodAt() >= 0 ? status.lastGoodAt() : status.since();
            boolean late = polledHere && now - since > maxAgeMs;
            if (late) {
                stale.add(name);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            // streaming while this instance's feed of the source delivers; polling otherwise
            entry.put("mode", modes.mode(name));
            entry.put("streamedHere", leases.isHeld(LeaseNames.feed(name)));
            entry.put("state", status.state().wireName());
            entry.put("polledHere", polledHere);
            entry.put("lastGoodAgeMs", status.lastGoodAt() < 0 ? null : now - status.lastGoodAt());
            entry.put("maxAgeMs", maxAgeMs);
            entry.put("stale", late);
            bySource.put(name, entry);
        });
        return (stale.isEmpty() ? Health.up() : Health.status(DEGRADED))
                .withDetail("stale", stale).withDetail("sources", bySource).build();
    }
}
