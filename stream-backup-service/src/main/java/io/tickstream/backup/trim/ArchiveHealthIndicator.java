package io.tickstream.backup.trim;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/archive}: per stream, entries not yet archived, pending, stream length and
 * the age of the oldest unacknowledged entry, as of the last upkeep round. Always {@code UP}: a backlog
 * is a reason to look (and alert on {@code tickstream_backup_lag}), not to restart the pod or take it
 * out of service, so it is in neither the liveness nor the readiness group.
 */
@Component("archive")
class ArchiveHealthIndicator implements HealthIndicator {

    private final UpkeepLoop upkeep;

    ArchiveHealthIndicator(UpkeepLoop upkeep) {
        this.upkeep = upkeep;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(upkeep.backlog()).build();
    }
}
