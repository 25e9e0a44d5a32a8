package io.tickstream.backup.archive;

import io.tickstream.backup.LifecyclePhases;
import io.tickstream.backup.StreamsProperties;
import io.tickstream.backup.redis.StreamConnections;
import io.tickstream.backup.schema.QuotePartitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.List;

/**
 * The {@code backup} consumer on every data stream: one {@link StreamConsumer} loop per stream and a
 * {@link PendingReclaimer} pass every {@link ArchiveProperties#claimInterval()}. Archiving starts once
 * this month's quote partitions exist (retried while PostgreSQL is unreachable), so rows never land in
 * the default partition for want of a monthly one.
 *
 * <p>Shutdown order: stop reading, let each loop finish the batch in hand (written and acknowledged),
 * then close its connection; after 15 s whatever is still running is cancelled, and its entries stay
 * pending for this consumer name (or another consumer's reclaimer).
 */
public class Archiver implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Archiver.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final StreamsProperties streams;
    private final ArchiveProperties properties;
    private final StreamConnections redis;
    private final BatchArchiver archiver;
    private final ArchiveMetrics metrics;
    private final QuotePartitions partitions;
    private final String consumerName;

    private volatile List<StreamConsumer> consumers = List.of();
    private volatile Disposable loops;
    private volatile Disposable reclaims;

    public Archiver(StreamsProperties streams, ArchiveProperties properties, StreamConnections redis,
                    BatchArchiver archiver, ArchiveMetrics metrics, QuotePartitions partitions) {
        this.streams = streams;
        this.properties = properties;
        this.redis = redis;
        this.archiver = archiver;
        this.metrics = metrics;
        this.partitions = partitions;
        this.consumerName = properties.resolvedConsumerName();
    }

    /** This instance's consumer name in the group. */
    public String consumerName() {
        return consumerName;
    }

    @Override
    public void start() {
        if (!properties.enabled() || isRunning()) {
            return;
        }
        ConsumerGroups groups = new ConsumerGroups(redis, properties.group());
        consumers = streams.all().stream()
                .map(s -> new StreamConsumer(s, consumerName, properties, redis, archiver, groups, metrics))
                .toList();
        // register the counters at zero, so dashboards and alerts see them before the first event
        streams.all().forEach(s -> {
            metrics.deadLettered(s, 0);
            metrics.lost(s, 0);
        });
        PendingReclaimer reclaimer = new PendingReclaimer(consumerName, properties, redis, archiver, metrics);
        log.info("archiving {} as consumer '{}' of group '{}'", streams.all(), consumerName, properties.group());
        loops = partitions.ensureAhead()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.backoffMin()).maxBackoff(properties.backoffMax())
                        .doBeforeRetry(s -> log.warn("waiting for PostgreSQL to create quote partitions before archiving: {}",
                                s.failure().toString())))
                .thenMany(Flux.fromIterable(consumers).flatMap(StreamConsumer::run))
                .subscribe(null, e -> log.error("archive loops ended", e));
        reclaims = Flux.interval(properties.claimInterval(), properties.claimInterval())
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(streams.all()).concatMap(reclaimer::reclaim), 0)
                .subscribe();
    }

    @Override
    public void stop(Runnable callback) {
        dispose(reclaims);
        Disposable running = loops;
        if (running == null || running.isDisposed()) {
            callback.run();
            return;
        }
        consumers.forEach(StreamConsumer::finish);
        // a loop completes after its batch in hand; the subscription then reports disposed
        Flux.interval(Duration.ofMillis(20))
                .takeUntil(tick -> running.isDisposed())
                .take(STOP_TIMEOUT)
                .doFinally(signal -> {
                    dispose(running);
                    callback.run();
                })
                .subscribe();
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    /** Ends every loop at once, mid-batch: what a crash looks like to Redis and PostgreSQL. For tests. */
    public void kill() {
        dispose(reclaims);
        dispose(loops);
    }

    @Override
    public boolean isRunning() {
        Disposable running = loops;
        return running != null && !running.isDisposed();
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
