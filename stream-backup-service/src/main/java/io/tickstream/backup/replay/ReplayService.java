package io.tickstream.backup.replay;

import io.tickstream.backup.StreamsProperties;
import io.tickstream.common.stream.Partitions;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.common.event.EventType;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.symbol.Symbols;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Re-publishes archived history into the streams, for disaster recovery after Redis lost its data and
 * for warming a new environment. Each archived event is encoded by the {@code common} codec and appended
 * to its stream as it was archived, idempotency key ({@code id}) included, so consumers stay idempotent
 * (this service's own group skips them as duplicates). Entries get new stream ids; their order is
 * source time order per type. The rate is held to the request's entries per second (in chunks of a
 * tenth of a second); progress is kept per job. One job runs at a time.
 *
 * <p>Replayed entries carry no {@code MAXLEN}: a large replay is bounded by its rate, and by this
 * service's trimming once archived.
 */
public class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private static final int XADD_CONCURRENCY = 64;
    /** The one thread replayed XADDs are dispatched from, so a stream receives them in history order. */
    private static final reactor.core.scheduler.Scheduler ORDERED = reactor.core.scheduler.Schedulers.newSingle("replay-xadd", true);

    private final HistoryReader history;
    private final RedisConnections redis;
    private final StreamsProperties streams;
    private final Partitions partitions;
    private final ReplayProperties properties;
    private final Clock clock;
    private final Map<String, ReplayJob> jobs = new LinkedHashMap<>();

    public ReplayService(DatabaseClient db, SchemaProperties schema, RedisConnections redis, StreamsProperties streams,
                         Partitions partitions, ReplayProperties properties, Clock clock) {
        this.partitions = partitions;
        this.history = new HistoryReader(db, schema, properties.pageSize());
        this.redis = redis;
        this.streams = streams;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Starts a replay.
     *
     * @throws IllegalArgumentException when the request is invalid
     * @throws IllegalStateException    when a replay is running already
     */
    public synchronized ReplayJob start(ReplayRequest request) {
        validate(request);
        if (jobs.values().stream().anyMatch(ReplayJob::isActive)) {
            throw new IllegalStateException("a replay is running already; cancel it or wait for it to end");
        }
        int rate = request.ratePerSecond() == null ? properties.defaultRate() : request.ratePerSecond();
        ReplayJob job = new ReplayJob(UUID.randomUUID().toString(), request, rate, clock);
        remember(job);
        job.running(run(job).subscribe(null, e -> { }));
        return job;
    }

    public synchronized Optional<ReplayJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public synchronized Collection<ReplayJob> jobs() {
        return List.copyOf(jobs.values());
    }

    private Mono<Void> run(ReplayJob job) {
        ReplayRequest request = job.request();
        String symbol = blankToNull(request.symbol());
        List<EventType> types = request.eventTypes();
        long chunk = Math.max(1, job.rate() / 10);
        long startedNanos = System.nanoTime();
        log.info("replay {} started: {} at {} entries/s", job.id(), request, job.rate());
        return Flux.fromIterable(types)
                .concatMap(type -> history.count(type, request.from(), request.to(), symbol))
                .reduce(0L, Long::sum)
                .doOnNext(job::counted)
                .thenMany(Flux.fromIterable(types).concatMap(type -> history.read(type, request.from(), request.to(), symbol)))
                .buffer((int) chunk)
                .concatMap(events -> publish(events)
                        .doOnSuccess(ignored -> job.published(events.size()))
                        .then(Mono.defer(() -> pace(job, startedNanos))), 0)
                .then()
                .doOnSuccess(ignored -> {
                    job.finish(ReplayJob.State.COMPLETED, null);
                    log.info("replay {} completed: {} entries", job.id(), job.publishedCount());
                })
                .doOnError(e -> {
                    job.finish(ReplayJob.State.FAILED, e.toString());
                    log.error("replay {} failed after {} entries: {}", job.id(), job.publishedCount(), e.toString());
                });
    }

    private Mono<Void> publish(List<MarketEvent> events) {
        return redis.shared().flatMapMany(c -> Flux.fromIterable(events)
                        // pipelined, yet sent in order: every XADD is dispatched from one thread (a completion
                        // on Lettuce's event loop would otherwise write the next one ahead of those still queued)
                        .flatMapSequential(e -> c.xadd(streams.streamFor(e, partitions), StreamEntryCodec.encode(e))
                                .subscribeOn(ORDERED), XADD_CONCURRENCY))
                .then();
    }

    /** Waits until the published count is no longer ahead of the rate. */
    private static Mono<Void> pace(ReplayJob job, long startedNanos) {
        long dueNanos = job.publishedCount() * 1_000_000_000L / job.rate();
        long aheadNanos = dueNanos - (System.nanoTime() - startedNanos);
        return aheadNanos > 0 ? Mono.delay(Duration.ofNanos(aheadNanos)).then() : Mono.empty();
    }

    private void validate(ReplayRequest request) {
        if (request.from() == null || request.to() == null) {
            throw new IllegalArgumentException("'from' and 'to' are required (ISO-8601 instants)");
        }
        if (!request.from().isBefore(request.to())) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        if (request.ratePerSecond() != null && (request.ratePerSecond() < 1 || request.ratePerSecond() > properties.maxRate())) {
            throw new IllegalArgumentException("'ratePerSecond' must be 1.." + properties.maxRate());
        }
        String symbol = blankToNull(request.symbol());
        if (symbol != null && !Symbols.isCanonical(symbol)) {
            throw new IllegalArgumentException("'symbol' must be a canonical symbol such as BTC, was '" + symbol + "'");
        }
        request.eventTypes(); // rejects unknown types
    }

    private void remember(ReplayJob job) {
        jobs.put(job.id(), job);
        var it = jobs.values().iterator();
        while (jobs.size() > properties.maxJobs() && it.hasNext()) {
            if (!it.next().isActive()) {
                it.remove();
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
