package io.tickstream.ingest.poll;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.health.PollOutcome;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.publish.TraceParent;
import io.tickstream.ingest.resilience.SourceGuard;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.SummaryObservation;
import io.tickstream.ingest.validate.ObservationValidator;
import io.tickstream.ingest.validate.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One poll of one source, end to end: fetch under the source's guard, validate, append the accepted
 * events, append the consensus of the updated symbols, and record the outcome in the source's health.
 * A failure of Redis while appending is logged and counted but is not held against the source.
 *
 * <p>Traced as a root span {@code ingest.poll} (tags {@code source}, {@code outcome}) with a child
 * {@code ingest.append} (tags {@code source}, {@code events}) around turning the answer into entries and
 * appending them, consensus included. Every entry carries the {@code ingest.append} context as its
 * {@code traceparent}, the health transition the poll's own, so consumers continue this trace.
 */
final class SourcePoll {

    private static final Logger log = LoggerFactory.getLogger(SourcePoll.class);

    private final MarketSource source;
    private final SourceProperties properties;
    private final SourceGuard guard;
    private final PollCollaborators with;
    private volatile Set<String> lastUnknown = Set.of();

    SourcePoll(MarketSource source, SourceProperties properties, SourceGuard guard, PollCollaborators with) {
        this.source = source;
        this.properties = properties;
        this.guard = guard;
        this.with = with;
    }

    /** Runs the poll; never fails: every outcome is reported in the returned value. */
    Mono<PollOutcome> run() {
        return Mono.using(() -> with.tracer().spanBuilder().setNoParent().name("ingest.poll")
                        .tag("source", source.name()).start(),
                this::run, Span::end);
    }

    private Mono<PollOutcome> run(Span poll) {
        // decoding, validation and encoding run on the parallel scheduler: left on the thread that
        // delivered the answer, they would all queue on the single Redis connection's event loop
        return guard.protect(Mono.defer(source::fetch).subscribeOn(Schedulers.parallel()))
                .publishOn(Schedulers.parallel())
                .flatMap(snapshot -> Mono.using(
                        () -> with.tracer().nextSpan(poll).name("ingest.append").tag("source", source.name()).start(),
                        span -> Mono.defer(() -> append(snapshot, span)),
                        Span::end))
                .onErrorResume(e -> Mono.just(outcomeOf(e)))
                .flatMap(outcome -> with.health().record(source.name(), outcome, TraceParent.of(poll.context()))
                        .thenReturn(outcome))
                .doOnNext(outcome -> {
                    String kind = outcome.kind().name().toLowerCase();
                    poll.tag("outcome", kind);
                    with.meters().counter("tickstream.ingest.polls", "source", source.name(), "outcome", kind).increment();
                });
    }

    private Mono<PollOutcome> append(SourceSnapshot snapshot, Span span) {
        String traceparent = TraceParent.of(span.context());
        long now = with.clock().millis();
        List<MarketEvent> events = new ArrayList<>();
        Set<String> updatedSymbols = new LinkedHashSet<>();
        int rejected = 0;
        int stale = 0;
        for (QuoteObservation observation : snapshot.quotes()) {
            Verdict verdict = with.validator().check(source.name(), observation, properties.maxAge());
            if (!verdict.accepted()) {
                rejected++;
                log.debug("{} {} rejected: {}", source.name(), observation, verdict.reason());
                continue;
            }
            stale += verdict.stale() ? 1 : 0;
            events.add(toQuote(observation, verdict.stale(), now, traceparent));
            if (!verdict.stale()) {
                updatedSymbols.add(observation.symbol());
            }
        }
        for (SummaryObservation observation : snapshot.summaries()) {
            Verdict verdict = with.validator().check(source.name(), observation, properties.maxAge());
            if (!verdict.accepted()) {
                rejected++;
                continue;
            }
            stale += verdict.stale() ? 1 : 0;
            events.add(toSummary(observation, now, traceparent));
        }
        noteUnknown(snapshot.unknownSymbols());
        PollOutcome outcome = outcomeOf(rejected, stale);
        span.tag("events", events.size());
        return with.publisher().publishAll(events)
                .then(Mono.defer(() -> with.consensus().publishFor(updatedSymbols, traceparent)))
                .thenReturn(outcome)
                .doOnError(span::error)
                .onErrorResume(e -> {
                    log.error("appending {} events of {} failed: {}", events.size(), source.name(), e.toString());
                    with.meters().counter("tickstream.ingest.publish.errors", "source", source.name()).increment();
                    return Mono.just(outcome);
                });
    }

    /**
     * Clean unless data was rejected or stale. Symbols a source does not list are a configuration
     * matter, logged and counted ({@code tickstream.ingest.unknown.symbols}), not a health problem.
     */
    private static PollOutcome outcomeOf(int rejected, int stale) {
        if (rejected == 0 && stale == 0) {
            return PollOutcome.clean();
        }
        List<String> parts = new ArrayList<>();
        if (rejected > 0) {
            parts.add(rejected + " rejected");
        }
        if (stale > 0) {
            parts.add(stale + " stale");
        }
        return PollOutcome.partial(String.join(", ", parts));
    }

    private PollOutcome outcomeOf(Throwable error) {
        if (error instanceof SourceCallException.RateLimited limited) {
            return PollOutcome.rateLimited(limited.getMessage(), limited.retryAfter());
        }
        if (error instanceof CallNotPermittedException) {
            return PollOutcome.breakerOpen("circuit breaker open");
        }
        String detail = error instanceof SourceCallException ? error.getMessage() : error.toString();
        log.warn("poll of {} failed: {}", source.name(), detail);
        return guard.breaker().getState() == CircuitBreaker.State.OPEN
                ? PollOutcome.breakerOpen(detail)
                : PollOutcome.failed(detail);
    }

    private void noteUnknown(List<String> unknown) {
        Set<String> now = Set.copyOf(unknown);
        if (!now.isEmpty()) {
            with.meters().counter("tickstream.ingest.unknown.symbols", "source", source.name()).increment(now.size());
        }
        if (!now.equals(lastUnknown)) {
            if (!now.isEmpty()) {
                log.warn("{} does not list {}", source.name(), now);
            }
            lastUnknown = now;
        }
    }

    private Quote toQuote(QuoteObservation o, boolean stale, long now, String traceparent) {
        String name = source.name();
        EventMeta meta = EventMeta.of(Quote.idempotencyKey(name, o.symbol(), o.quote(), o.sourceTime()), name,
                o.sourceTime(), now, traceparent);
        return new Quote(meta, o.symbol(), o.quote(), o.price(), o.change24hPct(), o.volume24h(), o.marketCap(),
                o.high24h(), o.low24h(), stale, null);
    }

    private MarketSummary toSummary(SummaryObservation o, long now, String traceparent) {
        String name = source.name();
        EventMeta meta = EventMeta.of(MarketSummary.idempotencyKey(name, o.sourceTime()), name, o.sourceTime(), now,
                traceparent);
        return new MarketSummary(meta, o.totalMarketCapUsd(), o.totalVolumeUsd(), o.btcDominancePct(),
                o.ethDominancePct(), o.marketCapChange24hPct(), o.activeCryptocurrencies(), o.fearGreedValue(),
                o.fearGreedLabel());
    }
}
