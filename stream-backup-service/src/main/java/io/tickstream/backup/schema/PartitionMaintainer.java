package io.tickstream.backup.schema;

import io.tickstream.backup.LifecyclePhases;
import io.tickstream.backup.PeriodicLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Re-checks the monthly partitions (quotes and trades) every {@link SchemaProperties#partitionCheck()}, so a long-running
 * instance keeps months ahead ready. The first check happens before archiving starts (the archiver waits
 * for {@link MonthlyPartitions#ensureAhead()}), so this loop starts one interval later.
 */
@Component
class PartitionMaintainer extends PeriodicLoop {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

    private final MonthlyPartitions partitions;
    private final SchemaProperties schema;

    PartitionMaintainer(MonthlyPartitions partitions, SchemaProperties schema) {
        super(schema.partitionCheck(), schema.partitionCheck(), LifecyclePhases.UPKEEP);
        this.partitions = partitions;
        this.schema = schema;
    }

    @Override
    public Mono<Void> runOnce() {
        return partitions.ensureAhead().onErrorResume(e -> {
            log.warn("checking monthly partitions failed, next try in {}: {}", schema.partitionCheck(), e.toString());
            return Mono.empty();
        });
    }
}
