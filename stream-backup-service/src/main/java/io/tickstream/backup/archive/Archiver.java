package io.tickstream.backup.archive;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.backup.LifecyclePhases;
import io.tickstream.backup.StreamsProperties;
import io.tickstream.common.stream.Partitions;
import io.tickstream.backup.schema.MonthlyPartitions;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.group.GroupConsumer;
import io.tickstream.streams.group.GroupOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.List;

/**
 * The {@code backup} consumer on every data stream: a {@link GroupConsumer} of the streams layer (own
 * pending entries first, then new ones; reclaim of dead consumers' idle entries; dead letters; the group
 * recreated after {@code NOGROUP}) with {@link BatchArchiver} as its handler, configured from
 * {@link ArchiveProperties}; its meters keep the {@code tickstream.backup.} prefix.
 *
 * <p>Archiving starts once this month's quote and trade partitions exist (retried while PostgreSQL is unreachable),
 * so rows never land in the default partition for want of a monthly one: the consumer (its read loops and
 * its reclaim pass) is started only then. On Redis 7, XAUTOCLAIM drops entries deleted before they were
 * archived from the pending list without returning them; the read loop, which re-reads this consumer's
 * own pending entries first, is what counts them as lost.
 *
 * <p>Shutdown order ({@link GroupConsumer#stop()}): stop reading, let each loop finish the batch in hand
 * (written and acknowledged), then close its connection; after 15 s whatever is still running is
 * cancelled, and its entries stay pending for this consumer name (or another consumer's reclaimer).
 */
public class Archiver implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Archiver.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** The meters' prefix: {@code tickstream.backup.reclaimed}, {@code .dlq}, {@code .entries.lost}, {@code .errors}. */
    static final String METRIC_PREFIX = "tickstream.backup";

    private final ArchiveProperties properties;
    private final GroupConsumer consumer;
    private final Mono<Void> partitionsReady;

    private volatile boolean running;
    private Disposable waiting;

    public Archiver(StreamsProperties streams, Partitions layout, ArchiveProperties properties, RedisConnections redis,
                    BatchArchiver archiver, MeterRegistry meters, MonthlyPartitions partitions) {
        this.properties = properties;
        this.consumer = new GroupConsumer(redis, options(streams.all(layout), properties), archiver, meters);
        this.partitionsReady = partitions.ensureAhead()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.backoffMin()).maxBackoff(properties.backoffMax())
                        .doBeforeRetry(s -> log.warn("waiting for PostgreSQL to create monthly partitions before archiving: {}",
                                s.failure().toString())))
                .then();
    }

    static GroupOptions options(List<String> streams, ArchiveProperties properties) {
        return GroupOptions.builder(properties.group(), properties.resolvedConsumerName(), streams)
                .startAt(() -> "0") // the whole stream: what was appended before the group existed is archived too
                .batchSize(properties.batchSize())
                .block(properties.batchWait())
                // each write has its own timeout; a batch isolated row by row makes batchSize + 1 of them
                .handleTimeout(properties.writeTimeout().multipliedBy(properties.batchSize() + 1L))
                .maxDeliveries(properties.maxDeliveries())
                .redeliveryDelay(properties.redeliveryDelay())
                .claimMinIdle(properties.claimMinIdle())
                .claimInterval(properties.claimInterval())
                .backoff(properties.backoffMin(), properties.backoffMax())
                .deadLetterMaxLength(properties.deadLetterMaxLength())
                .forgetConsumersAfter(properties.forgetConsumersAfter())
                .drainTimeout(STOP_TIMEOUT)
                .metricPrefix(METRIC_PREFIX)
                .build();
    }

    /** This instance's consumer name in the group. */
    public String consumerName() {
        return consumer.options().consumer();
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        waiting = partitionsReady.subscribe(null, e -> log.error("archiving never started", e), this::startReading);
    }

    private synchronized void startReading() {
        if (running) {
            consumer.start();
        }
    }

    @Override
    public void stop(Runnable callback) {
        synchronized (this) {
            running = false;
            dispose(waiting);
        }
        consumer.stop().doFinally(signal -> callback.run()).subscribe(null, e -> { });
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    /** Ends every loop at once, mid-batch: what a crash looks like to Redis and PostgreSQL. For tests. */
    public synchronized void kill() {
        running = false;
        dispose(waiting);
        consumer.kill();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.ARCHIVE;
    }

    private static void dispose(Disposable d) {
        if (d != null) {
            d.dispose();
        }
    }
}
