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
 * minute. Per source one page at a time, inside the source's request budget; a 429 waits its {@code Retry-After} and
 * asks for the same page again. First the recent part ({@link BackfillProperties#recentFirst()}, 3 days by default)
 * of every symbol, oldest page first, so every chart and the hourly indicators are there soon after a fresh start;
 * then each symbol's older part, newest page first. After each page the symbol's progress is stored in Redis
 * ({@code <keyPrefix><source>}: field {@code <symbol>}, the newest minute of the recent part; field
 * {@code <symbol>:older}, the oldest minute of the older part), so a restart resumes where it stopped. Bars are
 * idempotent: the recent part is appended in order and checked (a bar's series is ordered by open time in the
 * append script), the older part unchecked (its series has newer bars already), and the archive's key stops a
 * repeat either way. Runs on start for the sources whose lease this instance holds, and on demand
 * ({@code POST /admin/backfill}).
 */
@Component
public class Backfiller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Backfiller.class);
    private static final long MINUTE = 60_000;
    /** The progress field of a symbol's older part: {@code <symbol>:older}. */
    private static final String OLDER = ":older";

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
     * source has no history API. First the recent part ({@link BackfillProperties#recentFirst()}) of every symbol,
     * then each symbol's older part.
     */
    public boolean start(String source, Duration depth) {
        HistorySource history = sources.get(source);
        if (history == null || running.containsKey(source)) {
            return false;
        }
        Disposable run = Flux.fromIterable(symbols)
                .concatMap(symbol -> recent(history, symbol, depth))
                .thenMany(Flux.fromIterable(symbols).concatMap(symbol -> older(history, symbol)))
                .doFinally(signal -> running.remove(source))
                .subscribe(null, e -> log.error("backfill of {} stopped", source, e),
                        () -> log.info("backfill of {}: done", source));
        running.put(source, run);
        return true;
    }

    /** The recent part, oldest page first, appended checked (a series' bars in order); resumes after the stored minute. */
    private Mono<Void> recent(HistorySource history, String symbol, Duration depth) {
        String source = history.source();
        long to = clock.millis() / MINUTE * MINUTE;
        Duration reach = depth.compareTo(history.reach()) < 0 ? depth : history.reach();
        long earliest = to - reach.toMillis();
        Duration recentFirst = properties.recentFirst();
        long recentStart = recentFirst.isZero() ? earliest : Math.max(earliest, to - recentFirst.toMillis());
        return redis.<String, String>opsForHash().get(properties.keyPrefix() + source, symbol)
                .map(Long::parseLong)
                .defaultIfEmpty(Long.MIN_VALUE)
                .flatMap(stored -> {
                    // resumed: from the minute after the stored one, which may lie before this run's recent start
                    // (the service was down longer than that); the older part then ends there
                    long from = stored == Long.MIN_VALUE ? recentStart : Math.max(earliest, stored + MINUTE);
                    long recentFrom = Math.min(recentStart, from);
                    record(source, symbol, new BackfillProgress(earliest, to, recentFrom, from - MINUTE, recentFrom, 0,
                            "running", ""));
                    String finished = recentFrom > earliest ? "older" : "done";
                    if (from >= to) {
                        update(source, symbol, p -> p.withState(finished, ""));
                        return Mono.<Void>empty();
                    }
                    log.info("backfill of {} {}: {} minutes from {}", source, symbol, (to - from) / MINUTE,
                            java.time.Instant.ofEpochMilli(from));
                    return pages(history, symbol, Part.RECENT, from, to)
                            .then(Mono.fromRunnable(() -> update(source, symbol, p -> p.withState(finished, ""))));
                })
                .onErrorResume(e -> failed(source, symbol, e))
                .then();
    }

    /**
     * The older part, {@code [from, recentFrom)} of the symbol's progress, newest page first, appended unchecked (its
     * series has newer bars already; the archive's key stops a repeat); resumes before the stored oldest minute.
     */
    private Mono<Void> older(HistorySource history, String symbol) {
        String source = history.source();
        BackfillProgress started = progress.getOrDefault(source, Map.of()).get(symbol);
        if (started == null || started.recentFrom() <= started.from() || "failed".equals(started.state())) {
            return Mono.empty();
        }
        return redis.<String, String>opsForHash().get(properties.keyPrefix() + source, symbol + OLDER)
                .map(Long::parseLong)
                .defaultIfEmpty(Long.MAX_VALUE)
                .flatMap(stored -> {
                    long to = Math.min(started.recentFrom(), stored);
                    update(source, symbol, p -> new BackfillProgress(p.from(), p.to(), p.recentFrom(), p.doneUpTo(), to,
                            p.bars(), "older", ""));
                    if (to <= started.from()) {
                        update(source, symbol, p -> p.withState("done", ""));
                        return Mono.<Void>empty();
                    }
                    log.info("backfill of {} {}: {} older minutes, newest first from {}", source, symbol,
                            (to - started.from()) / MINUTE, java.time.Instant.ofEpochMilli(to));
                    return pages(history, symbol, Part.OLDER, started.from(), to)
                            .then(Mono.fromRunnable(() -> update(source, symbol, p -> p.withState("done", ""))));
                })
                .onErrorResume(e -> failed(source, symbol, e))
                .then();
    }

    private Mono<Void> failed(String source, String symbol, Throwable e) {
        log.warn("backfill of {} {} failed: {}", source, symbol, e.toString());
        update(source, symbol, p -> p.withState("failed", e.toString()));
        return Mono.empty();
    }

    /** The recent part goes forward and is appended checked; the older part goes backward, unchecked. */
    private enum Part { RECENT, OLDER }

    private Mono<Void> pages(HistorySource history, String symbol, Part part, long from, long to) {
        String source = history.source();
        long page = history.page().toMillis();
        Counter appended = Counter.builder("tickstream.ingest.backfill.bars").tag("source", source)
                .description("history bars appended").register(meters);
        boolean forward = part == Part.RECENT;
        return Flux.generate(() -> forward ? from : to, (Long cursor, reactor.core.publisher.SynchronousSink<long[]> sink) -> {
                    if (forward ? cursor >= to : cursor <= from) {
                        sink.complete();
                        return cursor;
                    }
                    long[] range = forward ? new long[]{cursor, Math.min(to, cursor + page)}
                            : new long[]{Math.max(from, cursor - page), cursor};
                    sink.next(range);
                    return forward ? range[1] : range[0];
                })
                .concatMap(range -> history.bars(symbol, range[0], range[1])
                        .retryWhen(retries())
                        .flatMap(bars -> append(source, bars, forward).thenReturn(bars.size()))
                        .flatMap(count -> redis.<String, String>opsForHash()
                                .put(properties.keyPrefix() + source, forward ? symbol : symbol + OLDER,
                                        Long.toString(forward ? range[1] - MINUTE : range[0]))
                                .thenReturn(count))
                        .doOnNext(count -> {
                            appended.increment(count);
                            update(source, symbol, p -> forward
                                    ? new BackfillProgress(p.from(), p.to(), p.recentFrom(), range[1] - MINUTE, p.olderFrom(),
                                            p.bars() + count, "running", "")
                                    : new BackfillProgress(p.from(), p.to(), p.recentFrom(), p.doneUpTo(), range[0],
                                            p.bars() + count, "older", ""));
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

    private Mono<Void> append(String source, List<BarObservation> bars, boolean checked) {
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
        return (checked ? publisher.publishAll(events) : publisher.publishUnchecked(events)).then();
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
