package io.tickstream.ingest.history;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.lease.LifecyclePhases;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.publish.TraceParent;
import io.tickstream.ingest.source.BarObservation;
import io.tickstream.ingest.source.HistorySource;
import io.tickstream.ingest.source.SourceCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each source's recent 1-minute history of every tracked symbol from its history API
 * ({@link HistorySource}) and appends it as {@code bar} entries, so charts and indicators have data from the first
 * minute. Per source one symbol at a time, oldest page first, inside the source's request budget; a 429 waits its
 * {@code Retry-After} and asks for the same page again. After each page the symbol's progress (the newest minute
 * covered) is stored in Redis ({@code <keyPrefix><source>}, field = symbol), so a restart resumes where it
 * stopped; bars are idempotent (a bar's series is ordered by open time in the append script, and the archive's key
 * stops a repeat). Runs on start for the sources whose lease this instance holds, and on demand
 * ({@code POST /admin/backfill}).
 */
@Component
public class Backfiller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Backfiller.class);
    private static final long MINUTE = 60_000;

    private final Map<String, HistorySource> sources = new LinkedHashMap<>();
    private final BackfillProperties properties;
    private final List<String> symbols;
    private final LeaseKeeper leases;
    private final StreamPublisher publisher;
    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Map<String, BackfillProgress>> progress = new ConcurrentHashMap<>();
    private final Map<String, Disposable> running = new ConcurrentHashMap<>();
    private final Set<String> startedOnce = ConcurrentHashMap.newKeySet();
    private volatile Disposable startLoop;

    public Backfiller(List<HistorySource> sources, BackfillProperties properties, IngestProperties ingest, LeaseKeeper leases,
                      StreamPublisher publisher, ReactiveStringRedisTemplate redis, Clock clock, MeterRegistry meters) {
        sources.forEach(s -> this.sources.put(s.source(), s));
        this.properties = properties;
        this.symbols = ingest.symbols();
        this.leases = leases;
        this.publisher = publisher;
        this.redis = redis;
        this.clock = clock;
        this.meters = meters;
        for (String source : this.sources.keySet()) {
            Gauge.builder("tickstream.ingest.backfill.remaining", () -> remaining(source)).tag("source", source)
                    .baseUnit("minutes").description("minutes of history still to load").register(meters);
        }
    }

    /** The sources with a history API here. */
    public Set<String> sources() {
        return sources.keySet();
    }

    /** Progress per source and symbol (a copy). */
    public Map<String, Map<String, BackfillProgress>> progress() {
        Map<String, Map<String, BackfillProgress>> copy = new LinkedHashMap<>();
        progress.forEach((source, bySymbol) -> copy.put(source, Map.copyOf(bySymbol)));
        return copy;
    }

    /**
     * Starts a backfill of {@code source} over {@code depth} unless one runs; false when one runs already or the
     * source has no history API.
     */
    public boolean start(String source, Duration depth) {
        HistorySource history = sources.get(source);
        if (history == null || running.containsKey(source)) {
            return false;
        }
        Disposable run = Flux.fromIterable(symbols)
                .concatMap(symbol -> symbol(history, symbol, depth))
                .doFinally(signal -> running.remove(source))
                .subscribe(null, e -> log.error("backfill of {} stopped", source, e),
                        () -> log.info("backfill of {}: done", source));
        running.put(source, run);
        return true;
    }

    private Mono<Void> symbol(HistorySource history, String symbol, Duration depth) {
        String source = history.source();
        long to = clock.millis() / MINUTE * MINUTE;
        Duration reach = depth.compareTo(history.reach()) < 0 ? depth : history.reach();
        long earliest = to - reach.toMillis();
        return redis.<String, String>opsForHash().get(properties.keyPrefix() + source, symbol)
                .map(Long::parseLong)
                .defaultIfEmpty(Long.MIN_VALUE)
                .flatMap(stored -> {
                    long from = Math.max(earliest, stored == Long.MIN_VALUE ? earliest : stored + MINUTE);
                    record(source, symbol, new BackfillProgress(earliest, to, from - MINUTE, 0, "running", ""));
                    if (from >= to) {
                        record(source, symbol, new BackfillProgress(earliest, to, to - MINUTE, 0, "done", ""));
                        return Mono.<Void>empty();
                    }
                    log.info("backfill of {} {}: {} minutes from {}", source, symbol, (to - from) / MINUTE,
                            java.time.Instant.ofEpochMilli(from));
                    return pages(history, symbol, from, to, earliest)
                            .then(Mono.fromRunnable(() -> update(source, symbol, p -> new BackfillProgress(p.from(), p.to(),
                                    to - MINUTE, p.bars(), "done", ""))));
                })
                .onErrorResume(e -> {
                    log.warn("backfill of {} {} failed: {}", source, symbol, e.toString());
                    update(source, symbol, p -> new BackfillProgress(p.from(), p.to(), p.doneUpTo(), p.bars(), "failed", e.toString()));
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> pages(HistorySource history, String symbol, long from, long to, long earliest) {
        String source = history.source();
        long page = history.page().toMillis();
        Counter appended = Counter.builder("tickstream.ingest.backfill.bars").tag("source", source)
                .description("history bars appended").register(meters);
        return Flux.generate(() -> from, (Long cursor, reactor.core.publisher.SynchronousSink<long[]> sink) -> {
                    if (cursor >= to) {
                        sink.complete();
                    } else {
                        sink.next(new long[]{cursor, Math.min(to, cursor + page)});
                    }
                    return cursor + page;
                })
                .concatMap(range -> history.bars(symbol, range[0], range[1])
                        .retryWhen(retries())
                        .flatMap(bars -> append(source, bars).thenReturn(bars.size()))
                        .flatMap(count -> redis.<String, String>opsForHash()
                                .put(properties.keyPrefix() + source, symbol, Long.toString(range[1] - MINUTE))
                                .thenReturn(count))
                        .doOnNext(count -> {
                            appended.increment(count);
                            update(source, symbol, p -> new BackfillProgress(p.from(), p.to(), range[1] - MINUTE,
                                    p.bars() + count, "running", ""));
                        }), 0)
                .then();
    }

    /** A 429 waits its Retry-After; other failures retry with backoff a few times, then the symbol fails. */
    private static Retry retries() {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable e = signal.failure();
            if (e instanceof SourceCallException.RateLimited limited) {
                Duration wait = limited.retryAfter() == null ? Duration.ofSeconds(5) : limited.retryAfter();
                log.info("backfill: rate limited, waiting {}", wait);
                return Mono.delay(wait.plusMillis(100));
            }
            if (signal.totalRetriesInARow() >= 4) {
                return Mono.error(e);
            }
            return Mono.delay(Duration.ofMillis(500L << signal.totalRetriesInARow()));
        }));
    }

    private Mono<Void> append(String source, List<BarObservation> bars) {
        if (bars.isEmpty()) {
            return Mono.empty();
        }
        String traceparent = TraceParent.newRoot();
        long now = clock.millis();
        List<MarketEvent> events = new ArrayList<>(bars.size());
        for (BarObservation b : bars) {
            try {
                events.add(new Bar(EventMeta.of(Bar.idempotencyKey(source, b.symbol(), b.quote(), 60, b.openTime()), source,
                        b.openTime(), now, traceparent), b.symbol(), b.quote(), 60, b.open(), b.high(), b.low(), b.close(),
                        b.baseVolume(), b.quoteVolume(), b.trades()));
            } catch (IllegalArgumentException e) {
                meters.counter("tickstream.ingest.backfill.rejected", "source", source).increment();
                log.debug("backfill of {}: bar rejected: {}", source, e.getMessage());
            }
        }
        return publisher.publishAll(events).then();
    }

    private void record(String source, String symbol, BackfillProgress value) {
        progress.computeIfAbsent(source, s -> new ConcurrentHashMap<>()).put(symbol, value);
    }

    private void update(String source, String symbol, java.util.function.UnaryOperator<BackfillProgress> change) {
        progress.computeIfAbsent(source, s -> new ConcurrentHashMap<>()).computeIfPresent(symbol, (k, p) -> change.apply(p));
    }

    private double remaining(String source) {
        Map<String, BackfillProgress> bySymbol = progress.get(source);
        return bySymbol == null ? Double.NaN : bySymbol.values().stream().mapToLong(BackfillProgress::remainingMinutes).sum();
    }

    /** On start: each source's backfill begins once this instance holds the source's lease (checked every second). */
    @Override
    public void start() {
        if (!properties.enabled() || !properties.onStart() || sources.isEmpty()) {
            return;
        }
        startLoop = Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(1)).onBackpressureDrop().subscribe(tick -> {
            for (String source : sources.keySet()) {
                if (!startedOnce.contains(source) && leases.isHeld(source) && start(source, properties.depth())) {
                    startedOnce.add(source);
                }
            }
            if (startedOnce.size() == sources.size()) {
                startLoop.dispose();
            }
        });
    }

    @Override
    public void stop() {
        Disposable loop = startLoop;
        if (loop != null) {
            loop.dispose();
        }
        running.values().forEach(Disposable::dispose);
        running.clear();
    }

    @Override
    public boolean isRunning() {
        Disposable loop = startLoop;
        return (loop != null && !loop.isDisposed()) || !running.isEmpty();
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.POLLERS;
    }
}
