package io.tickstream.query.quotes;

import io.tickstream.common.event.Decimals;
import io.tickstream.common.event.Quote;
import io.tickstream.query.RedisAvailability;
import io.tickstream.query.cache.CacheKeys;
import io.tickstream.query.cache.CachedResponses;
import io.tickstream.query.cache.TwoTierCache;
import io.tickstream.query.state.MarketState;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Latest-quote answers, serialized once per update: each quote change of a symbol rebuilds its
 * {@link QuoteView} and puts the JSON bytes into L1 ({@code quote:<symbol>}), so a request copies
 * bytes and serializes nothing. An answer is rebuilt on request only when it has aged past
 * {@link QuotesProperties#maxAge()} (to flag it stale), fell out of L1, or Redis is unavailable.
 */
@Component
public class QuoteViews {

    private final MarketState state;
    private final TwoTierCache cache;
    private final QuotesProperties properties;
    private final RedisAvailability redis;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Long> freshUntil = new ConcurrentHashMap<>();
    /** The entity tag of each symbol's prepared answer, computed with it (the bytes it belongs to, by identity). */
    private final Map<String, Tagged> tags = new ConcurrentHashMap<>();

    QuoteViews(MarketState state, TwoTierCache cache, QuotesProperties properties, RedisAvailability redis,
               JsonMapper json, Clock clock) {
        this.state = state;
        this.cache = cache;
        this.properties = properties;
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        state.onQuoteChange(this::prepare);
    }

    /** The JSON answer for {@code symbol} (canonical), or null when the symbol is unknown. */
    public Answer answer(String symbol) {
        Long until = freshUntil.get(symbol);
        if (until != null && clock.millis() < until && !redis.degraded()) {
            byte[] held = cache.local(CacheKeys.quote(symbol));
            if (held != null) {
                Tagged tagged = tags.get(symbol);
                return new Answer(held, true, tagged != null && tagged.body() == held ? tagged.etag() : CachedResponses.etag(held));
            }
        }
        return view(symbol).map(view -> {
            byte[] body = serialize(view);
            return new Answer(body, false, CachedResponses.etag(body));
        }).orElse(null);
    }

    /**
     * @param body     the JSON answer
     * @param prepared true when it was serialized at the last update and taken from L1
     * @param etag     its entity tag ({@link CachedResponses#etag}), computed once per update for a prepared answer
     */
    public record Answer(byte[] body, boolean prepared, String etag) {
    }

    private record Tagged(byte[] body, String etag) {
    }

    /** The view of {@code symbol} as of now. */
    public Optional<QuoteView> view(String symbol) {
        return state.quotes(symbol).filter(q -> !q.isEmpty()).map(bySource -> build(symbol, bySource));
    }

    /** Every symbol's view. */
    public List<QuoteView> all() {
        return state.symbols().stream().sorted().map(this::view).flatMap(Optional::stream).toList();
    }

    private void prepare(String symbol) {
        view(symbol).ifPresent(this::serialize);
    }

    private byte[] serialize(QuoteView view) {
        byte[] body = json.writeValueAsBytes(view);
        if (!view.stale()) {
            tags.put(view.symbol(), new Tagged(body, CachedResponses.etag(body)));
            cache.putLocal(CacheKeys.quote(view.symbol()), body);
            freshUntil.put(view.symbol(), Instant.parse(view.sourceTime()).toEpochMilli() + properties.maxAge().toMillis());
        } else {
            freshUntil.remove(view.symbol());
        }
        return body;
    }

    private QuoteView build(String symbol, Map<String, Quote> bySource) {
        List<Quote> ranked = bySource.values().stream()
                .sorted(Comparator.comparingInt((Quote q) -> properties.rank(q.meta().source()))
                        .thenComparing(q -> q.meta().source()))
                .toList();
        Quote primary = ranked.getFirst();
        List<Quote> sources = ranked.stream().filter(q -> q.consensus() == null
                && !Quote.CONSENSUS_SOURCE.equals(q.meta().source())).toList();
        long now = clock.millis();
        boolean stale = primary.stale() || now - primary.meta().sourceTime() > properties.maxAge().toMillis()
                || redis.degraded();
        return new QuoteView(symbol, primary.quote(), wire(primary.price()), primary.meta().source(),
                sources.stream().map(q -> new QuoteView.SourcePrice(q.meta().source(), q.quote(), wire(q.price()),
                        time(q.meta().sourceTime()), q.stale() || now - q.meta().sourceTime() > properties.maxAge().toMillis())).toList(),
                spread(primary, sources),
                first(ranked, Quote::change24hPct), first(ranked, Quote::volume24h), first(ranked, Quote::marketCap),
                first(ranked, Quote::high24h), first(ranked, Quote::low24h),
                time(primary.meta().sourceTime()), stale);
    }

    private static QuoteView.Spread spread(Quote primary, List<Quote> sources) {
        BigDecimal low;
        BigDecimal high;
        int count;
        if (primary.consensus() != null) {
            low = primary.consensus().low();
            high = primary.consensus().high();
            count = primary.consensus().sources();
        } else if (!sources.isEmpty()) {
            low = sources.stream().map(Quote::price).min(Comparator.naturalOrder()).orElseThrow();
            high = sources.stream().map(Quote::price).max(Comparator.naturalOrder()).orElseThrow();
            count = sources.size();
        } else {
            return null;
        }
        BigDecimal absolute = high.subtract(low);
        BigDecimal pct = absolute.multiply(BigDecimal.valueOf(100)).divide(low, 4, RoundingMode.HALF_EVEN);
        return new QuoteView.Spread(count, wire(low), wire(high), wire(absolute), wire(pct));
    }

    private static String first(List<Quote> ranked, Function<Quote, BigDecimal> field) {
        return ranked.stream().map(field).filter(java.util.Objects::nonNull).findFirst().map(QuoteViews::wire).orElse(null);
    }

    static String wire(BigDecimal value) {
        return value == null ? null : Decimals.toWire(value);
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
