package io.tickstream.backup.schema;

import io.tickstream.backup.LifecyclePhases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Re-checks the quote partitions every {@link SchemaProperties#partitionCheck()}, so a long-running
 * instance keeps months ahead ready. The first check happens before archiving starts (the archiver waits
 * for {@link QuotePartitions#ensureAhead()}), so this loop starts one interval later.
 */
@Component
class PartitionMaintainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

    private final QuotePartitions partitions;
    private final SchemaProperties schema;
    private volatile Disposable loop;

    PartitionMaintainer(QuotePartitions partitions, SchemaProperties schema) {
        this.partitions = partitions;
        this.schema = schema;
    }

    @Override
    public void start() {
        loop = Flux.interval(schema.partitionCheck(), schema.partitionCheck())
                .onBackpressureDrop()
                .concatMap(tick -> partitions.ensureAhead().onErrorResume(e -> {
                    log.warn("checking quote partitions failed, next try in {}: {}", schema.partitionCheck(), e.toString());
                    return Mono.empty();
                }), 0)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.UPKEEP;
    }
}
