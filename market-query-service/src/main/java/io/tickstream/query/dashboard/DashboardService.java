package io.tickstream.query.dashboard;

import io.tickstream.common.event.Decimals;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.stream.ControlCommand;
import io.tickstream.query.RedisAvailability;
import io.tickstream.query.cache.CacheKey;
import io.tickstream.query.cache.CacheKeys;
import io.tickstream.query.cache.Cached;
import io.tickstream.query.cache.TwoTierCache;
import io.tickstream.query.quotes.QuoteView;
import io.tickstream.query.quotes.QuoteViews;
import io.tickstream.query.quotes.QuotesProperties;
import io.tickstream.query.state.MarketState;
import io.tickstream.query.state.StreamsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/** The dashboard through cache-or-compute, and the refresh that asks the ingest service for a new poll. */
@Component
class DashboardService {

    private static final Logger log = LoggerFactory.getLogger(DashboardService.class);
    private static final Duration WAIT_STEP = Duration.ofMillis(50);

    private final MarketState state;
    private final QuoteViews quotes;
    private final TwoTierCache cache;
    private final QuotesProperties properties;
    private final ReactiveStringRedisTemplate redis;
    private final StreamsProperties streams;
    private final RedisAvailability availability;
    private final JsonMapper json;
    private final Clock clock;

    DashboardService(MarketState state, QuoteViews quotes, TwoTierCache cache, QuotesProperties properties,
                     ReactiveStringRedisTemplate redis, StreamsProperties streams, RedisAvailability availability,
                     JsonMapper json, Clock clock) {
        this.state = state;
        this.quotes = quotes;
        this.cache = cache;
        this.properties = properties;
        this.redis = redis;
        this.streams = streams;
        this.availability = availability;
        this.json = json;
        this.clock = clock;
    }

    Mono<Cached> dashboard() {
        return cache.get(key(), () -> Mono.fromCallable(() -> json.writeValueAsBytes(view())));
    }

    /**
     * Appends {@code refresh all} to the ingest control stream, waits up to
     * {@link QuotesProperties#refreshWait()} for a newer summary, then answers a freshly computed
     * dashboard (stored in both tiers). At most one such refresh per {@link QuotesProperties#refreshEvery()}
     * reaches the sources, across every caller and instance: the first caller of an interval sets the gate
     * ({@code SET NX PX} in Redis) and sends the command; the others get the dashboard of what is fresh now
     * ({@code throttled}), without a command. Without Redis the current dashboard is answered, marked stale.
     */
    Mono<Refreshed> refresh() {
        long before = state.summaryVersion();
        return redis.opsForValue().setIfAbsent(properties.refreshGateKey(), Long.toString(clock.millis()), properties.refreshEvery())
                .timeout(Duration.ofSeconds(1))
                .flatMap(open -> Boolean.TRUE.equals(open) ? pollNow(before) : Mono.just("throttled"))
                .onErrorResume(e -> {
                    availability.failed(e);
                    log.warn("refresh command not sent: {}", e.toString());
                    return Mono.just("unavailable");
                })
                .flatMap(outcome -> {
                    byte[] body = json.writeValueAsBytes(view());
                    return cache.put(key(), body).thenReturn(new Refreshed(body, outcome, availability.degraded()));
                });
    }

    /** Sends the command and waits for a newer summary: {@code fresh} or {@code timeout}. */
    private Mono<String> pollNow(long before) {
        return redis.opsForStream()
                .add(StreamRecords.newRecord().in(streams.control())
                        .ofMap(new ControlCommand(ControlCommand.REFRESH, ControlCommand.ALL_SOURCES).toFields()))
                .timeout(Duration.ofSeconds(1))
                .flatMap(id -> Flux.interval(WAIT_STEP)
                        .filter(tick -> state.summaryVersion() != before)
                        .next()
                        .map(tick -> "fresh")
                        .timeout(properties.refreshWait(), Mono.just("timeout")));
    }

    /**
     * @param outcome {@code fresh} (a new summary arrived), {@code timeout}, {@code throttled} (a refresh ran within
     *                {@code refresh-every}: no command sent) or {@code unavailable}
     */
    record Refreshed(byte[] body, String outcome, boolean stale) {
    }

    private CacheKey key() {
        return CacheKeys.dashboard(properties.dashboardTop());
    }

    DashboardView view() {
        List<MarketSummary> summaries = state.summaries().stream()
                .sorted(Comparator.comparingLong((MarketSummary s) -> s.meta().sourceTime()).reversed()).toList();
        List<QuoteView> top = quotes.all().stream()
                .sorted(Comparator.comparing((QuoteView q) -> decimal(q.marketCap()), Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(q -> decimal(q.volume24h()), Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(QuoteView::symbol))
                .limit(properties.dashboardTop()).toList();
        Map<String, String> sources = new TreeMap<>();
        state.health().forEach((source, change) -> sources.put(source, change.state().wireName()));
        long newest = summaries.isEmpty() ? 0 : summaries.getFirst().meta().sourceTime();
        boolean stale = availability.degraded() || top.stream().anyMatch(QuoteView::stale)
                || (newest > 0 && clock.millis() - newest > properties.maxAge().toMillis() * 5);
        return new DashboardView(
                latest(summaries, MarketSummary::totalMarketCapUsd), latest(summaries, MarketSummary::totalVolumeUsd),
                latest(summaries, MarketSummary::btcDominancePct), latest(summaries, MarketSummary::ethDominancePct),
                latest(summaries, MarketSummary::marketCapChange24hPct),
                summaries.stream().map(MarketSummary::fearGreedValue).filter(Objects::nonNull).findFirst().orElse(null),
                summaries.stream().map(MarketSummary::fearGreedLabel).filter(Objects::nonNull).findFirst().orElse(null),
                newest == 0 ? null : Instant.ofEpochMilli(newest).toString(), top, sources, stale);
    }

    private static String latest(List<MarketSummary> summaries, Function<MarketSummary, BigDecimal> field) {
        return summaries.stream().map(field).filter(Objects::nonNull).findFirst().map(Decimals::toWire).orElse(null);
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
