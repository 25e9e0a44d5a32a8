package io.tickstream.ingest.health;

import io.tickstream.common.event.SourceState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /actuator/health/sources}: each source's state and the time of its last good data. The
 * status is {@code UP} unless every source is down ({@code OUT_OF_SERVICE}): a failing upstream API is
 * not a reason to restart this pod, and it is not part of the liveness or readiness groups; the
 * details say which source is in trouble.
 */
@Component("sources")
class SourcesHealthIndicator implements HealthIndicator {

    private final SourceHealthTracker tracker;

    SourcesHealthIndicator(SourceHealthTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public Health health() {
        Map<String, SourceHealthTracker.SourceStatus> statuses = tracker.statuses();
        Map<String, Object> details = new TreeMap<>();
        statuses.forEach((name, status) -> details.put(name, Map.of("state", status.state().wireName(),
                "detail", status.detail(), "lastGoodAt", status.lastGoodAt())));
        boolean allDown = !statuses.isEmpty()
                && statuses.values().stream().allMatch(s -> s.state() == SourceState.DOWN);
        return (allDown ? Health.outOfService() : Health.up()).withDetails(details).build();
    }
}
