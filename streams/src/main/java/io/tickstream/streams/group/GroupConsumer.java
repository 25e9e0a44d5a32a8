package io.tickstream.streams.group;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * One member of a consumer group on every stream of {@link GroupOptions#streams()}: a read loop per
 * stream on its own connection, handing batches to a {@link BatchHandler}, and a periodic pass that
 * reclaims the idle entries of dead members. Delivery is at least once with the handler's effect
 * exactly once: an entry is acknowledged only after the handler says its work is durable; an entry
 * that keeps failing is dead-lettered with its reason; a lost group is recreated.
 *
 * <p>Shutdown order ({@link #stop()}): stop reading, let each loop finish the batch in hand (handled and
 * acknowledged), close its connection; after {@link GroupOptions#drainTimeout()} whatever still runs is
 * cancelled, and its entries stay pending for this consumer name (or another member's reclaimer).
 * Nothing is lost either way.
 */
public final class GroupConsumer {

    private static final Logger log = LoggerFactory.getLogger(GroupConsumer.class);

    private final GroupOptions options;
    private final RedisConnections redis;
    private final BatchHandler handler;
    private final GroupMetrics metrics;
    private volatile List<StreamReader> readers = List.of();
    private volatile Disposable loops;
    private volatile Disposable reclaims;

    public GroupConsumer(RedisConnections redis, GroupOptions options, BatchHandler handler, MeterRegistry meters) {
        this.options = options;
        this.redis = redis;
        this.handler = handler;
        this.metrics = new GroupMetrics(meters, options.metricPrefix());
    }

    public GroupOptions options() {
        return options;
    }

    /**
     * Starts reading once {@code before} completes (e.g. the handler's store is ready; retrying it is the
     * caller's part); the reclaim pass waits for it too.
     */
    public synchronized void start(Mono<Void> before) {
        if (isRunning()) {
            return;
        }
        BatchRunner runner = new BatchRunner(redis, options, handler, metrics);
        GroupCreator groups = new GroupCreator(redis, options);
        options.streams().forEach(metrics::register);
        readers = options.streams().stream()
                .map(s -> new StreamReader(s, options, redis, runner, groups, metrics, handler))
                .toList();
        PendingReclaimer reclaimer = new PendingReclaimer(options, redis, runner, metrics);
        log.info("reading {} as consumer '{}' of group '{}'", options.streams(), options.consumer(), options.group());
        List<StreamReader> started = readers;
        // the reclaim pass waits for the same thing as the loops: it hands batches to the handler too
        Mono<Void> ready = before.cache();
        loops = ready.thenMany(Flux.fromIterable(started).flatMap(StreamReader::run))
                .subscribe(null, e -> log.error("group '{}' loops ended", options.group(), e));
        reclaims = ready.thenMany(Flux.interval(options.claimInterval(), options.claimInterval()))
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(options.streams()).concatMap(reclaimer::pass), 0)
                .subscribe();
    }

    /** Starts reading at once. */
    public void start() {
        start(Mono.empty());
    }

    /**
     * Stops: no new reads, the batches in hand finish (within {@link GroupOptions#drainTimeout()}), then
     * the connections close. Completes when that is done.
     */
    public Mono<Void> stop() {
        dispose(reclaims);
        Disposable running = loops;
        if (running == null || running.isDisposed()) {
            return Mono.empty();
        }
        readers.forEach(StreamReader::finish);
        // a loop completes after its batch in hand; the subscription then reports disposed
        return Flux.interval(Duration.ofMillis(20))
                .takeUntil(tick -> running.isDisposed())
                .take(options.drainTimeout())
                .then()
                .doFinally(signal -> dispose(running));
    }

    /** Ends every loop at once, mid-batch: what a crash looks like to Redis. For tests. */
    public void kill() {
        dispose(reclaims);
        dispose(loops);
    }

    public boolean isRunning() {
        Disposable running = loops;
        return running != null && !running.isDisposed();
    }

    private static void dispose(Disposable d) {
        if (d != null) {
            d.dispose();
        }
    }
}
