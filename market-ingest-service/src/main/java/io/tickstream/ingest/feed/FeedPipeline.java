package io.tickstream.ingest.feed;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.publish.TraceParent;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.validate.ObservationValidator;
import io.tickstream.ingest.validate.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Between one feed's sockets and Redis: bounded at any rate. Tickers wait in a map keyed by market, so when
 * the append falls behind a newer ticker replaces the waiting one (counted as conflated); trades wait in a
 * bounded queue and are never dropped: a full queue refuses the offer and the feed reconnects. One drain loop
 * appends whatever waits, up to {@code batchSize} trades and every waiting ticker per round, so at low rates each
 * frame is appended at once and at high rates frames batch up by themselves. A failed append is retried with
 * a capped backoff; nothing taken from the buffers is given up while the feed runs.
 */
final class FeedPipeline {

    private static final Logger log = LoggerFactory.getLogger(FeedPipeline.class);

    private record Waiting<T>(T item, long receivedNanos) {
    }

    private final String source;
    private final StreamPublisher publisher;
    private final ConsensusPublisher consensus;
    private final ObservationValidator validator;
    private final Duration maxAge;
    private final Clock clock;
    private final FeedMetrics metrics;
    private final int batchSize;
    private final Map<String, Waiting<FeedMessage.FeedTicker>> tickers = new LinkedHashMap<>();
    private final BlockingQueue<Waiting<FeedMessage.FeedTrade>> trades;
    private final AtomicInteger work = new AtomicInteger();
    private final Backoff retry = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private final Set<String> consensusPending = new LinkedHashSet<>();
    private final io.micrometer.tracing.Tracer tracer;
    private boolean consensusRunning;

    FeedPipeline(String source, StreamPublisher publisher, ConsensusPublisher consensus, ObservationValidator validator,
                 Duration maxAge, Clock clock, FeedMetrics metrics, int tradeBuffer, int batchSize,
                 io.micrometer.tracing.Tracer tracer) {
        this.tracer = tracer;
        this.source = source;
        this.publisher = publisher;
        this.consensus = consensus;
        this.validator = validator;
        this.maxAge = maxAge;
        this.clock = clock;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.trades = new ArrayBlockingQueue<>(tradeBuffer);
    }

    void offerTickers(List<FeedMessage.FeedTicker> updates, long receivedNanos) {
        synchronized (tickers) {
            for (FeedMessage.FeedTicker ticker : updates) {
                if (tickers.put(ticker.series(), new Waiting<>(ticker, receivedNanos)) != null) {
                    metrics.conflated.increment();
                }
            }
        }
        drain();
    }

    /** False when the buffer is full: the caller reconnects; the trade was not taken. */
    boolean offerTrade(FeedMessage.FeedTrade trade, long receivedNanos) {
        boolean taken = trades.offer(new Waiting<>(trade, receivedNanos));
        drain();
        return taken;
    }

    /** Trades and tickers waiting now. */
    int waiting() {
        synchronized (tickers) {
            return trades.size() + tickers.size();
        }
    }

    private void drain() {
        if (work.getAndIncrement() == 0) {
            round();
        }
    }

    /**
     * One round: take what waits and append it, then look again. {@code work} counts offers since the loop
     * last looked; the loop stops only when none came in after it found the buffers empty.
     */
    private void round() {
        while (true) {
            int seen = work.get();
            List<Waiting<FeedMessage.FeedTicker>> tickerBatch;
            synchronized (tickers) {
                tickerBatch = new ArrayList<>(tickers.values());
                tickers.clear();
            }
            List<Waiting<FeedMessage.FeedTrade>> tradeBatch = new ArrayList<>(Math.min(batchSize, trades.size()));
            trades.drainTo(tradeBatch, batchSize);
            if (!tickerBatch.isEmpty() || !tradeBatch.isEmpty()) {
                appendUntilDone(tickerBatch, tradeBatch).subscribe(null,
                        e -> {
                            log.error("feed {}: the append loop stopped", source, e);
                            work.set(0);
                        },
                        () -> Schedulers.parallel().schedule(this::round));
                return;
            }
            if (work.compareAndSet(seen, 0)) {
                return;
            }
        }
    }

    private Mono<Void> appendUntilDone(List<Waiting<FeedMessage.FeedTicker>> tickerBatch,
                                       List<Waiting<FeedMessage.FeedTrade>> tradeBatch) {
        // one root span per append round (ingest.feed.append, tag feed): its context goes on every entry of the
        // round, so the consumers continue the trace as they do a poll's
        io.micrometer.tracing.Span span = tracer.spanBuilder().setNoParent().name("ingest.feed.append")
                .tag("feed", source).start();
        String traceparent = TraceParent.of(span.context());
        long now = clock.millis();
        List<MarketEvent> events = new ArrayList<>(tickerBatch.size() + tradeBatch.size());
        Set<String> updated = new LinkedHashSet<>();
        for (Waiting<FeedMessage.FeedTrade> waiting : tradeBatch) {
            Trade trade = toTrade(waiting.item(), now, traceparent);
            if (trade != null) {
                events.add(trade);
            }
        }
        for (Waiting<FeedMessage.FeedTicker> waiting : tickerBatch) {
            FeedMessage.FeedTicker ticker = waiting.item();
            Verdict verdict = validator.check(source, ticker.observation(), maxAge);
            if (!verdict.accepted()) {
                continue;
            }
            events.add(toQuote(ticker, verdict.stale(), now, traceparent));
            if (!verdict.stale()) {
                updated.add(ticker.observation().symbol());
            }
        }
        span.tag("events", events.size());
        return Mono.defer(() -> publisher.publishAll(events).then())
                .doOnSuccess(done -> {
                    retry.reset();
                    consensusFor(updated);
                    long ackNanos = System.nanoTime();
                    tradeBatch.forEach(w -> metrics.latency.record(ackNanos - w.receivedNanos(), TimeUnit.NANOSECONDS));
                    tickerBatch.forEach(w -> metrics.latency.record(ackNanos - w.receivedNanos(), TimeUnit.NANOSECONDS));
                })
                .retryWhen(reactor.util.retry.Retry.from(failures -> failures.concatMap(failure -> {
                    metrics.appendErrors.increment();
                    log.warn("feed {}: appending {} events failed, retrying: {}", source, events.size(),
                            failure.failure().toString());
                    return Mono.delay(retry.next());
                })))
                .doFinally(signal -> span.end());
    }

    /**
     * The consensus of the symbols whose tickers were appended, off the append loop: one consensus call in flight
     * at a time, symbols updated meanwhile gathered for the next, so the consensus never holds up trades.
     */
    private void consensusFor(Set<String> symbols) {
        if (symbols.isEmpty()) {
            return;
        }
        synchronized (consensusPending) {
            consensusPending.addAll(symbols);
            if (consensusRunning) {
                return;
            }
            consensusRunning = true;
        }
        nextConsensus();
    }

    private void nextConsensus() {
        Set<String> symbols;
        synchronized (consensusPending) {
            if (consensusPending.isEmpty()) {
                consensusRunning = false;
                return;
            }
            symbols = new LinkedHashSet<>(consensusPending);
            consensusPending.clear();
        }
        consensus.publishFor(symbols, TraceParent.newRoot())
                .doOnError(e -> log.warn("feed {}: consensus of {} failed: {}", source, symbols, e.toString()))
                .onErrorComplete()
                .subscribe(null, null, this::nextConsensus);
    }

    /** Appends trades fetched to fill a gap, unchecked (they are older than what their series has seen). */
    Mono<Void> appendGapFill(List<FeedMessage.FeedTrade> fill) {
        String traceparent = TraceParent.newRoot();
        long now = clock.millis();
        List<MarketEvent> events = new ArrayList<>();
        for (FeedMessage.FeedTrade t : fill) {
            Trade trade = toTrade(t, now, traceparent);
            if (trade != null) {
                events.add(trade);
            }
        }
        return events.isEmpty() ? Mono.empty() : publisher.publishUnchecked(events).then();
    }

    private Trade toTrade(FeedMessage.FeedTrade t, long now, String traceparent) {
        try {
            return new Trade(EventMeta.of(Trade.idempotencyKey(source, t.symbol(), t.quote(), t.tradeId()), source, t.time(),
                    now, traceparent), t.symbol(), t.quote(), t.price(), t.size(), t.side(), t.tradeId());
        } catch (IllegalArgumentException | NullPointerException e) {
            metrics.malformed.increment();
            log.debug("feed {}: trade {} rejected: {}", source, t, e.getMessage());
            return null;
        }
    }

    private Quote toQuote(FeedMessage.FeedTicker ticker, boolean stale, long now, String traceparent) {
        QuoteObservation o = ticker.observation();
        EventMeta meta = EventMeta.of(Quote.idempotencyKey(source, o.symbol(), o.quote(), o.sourceTime()), source,
                o.sourceTime(), now, traceparent);
        return new Quote(meta, o.symbol(), o.quote(), o.price(), o.change24hPct(), o.volume24h(), o.marketCap(),
                o.high24h(), o.low24h(), stale, null, ticker.bid(), ticker.ask());
    }
}
