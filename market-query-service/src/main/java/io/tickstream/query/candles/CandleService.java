package io.tickstream.query.candles;

import io.tickstream.query.cache.CacheKey;
import io.tickstream.query.cache.CacheKeys;
import io.tickstream.query.cache.Cached;
import io.tickstream.query.cache.TwoTierCache;
import io.tickstream.query.problem.Problems;
import io.tickstream.query.state.MarketState;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Candles through cache-or-compute. Parameters are checked first (400 with the reason, 404 for an
 * unknown symbol), then normalized so equal questions share a key: an absent {@code to} is the end of
 * the current bucket, an absent {@code from} is {@code limit} buckets before {@code to}.
 *
 * <p>Paging: a page holds the newest {@code limit} candles of the range (as before pages existed); when older
 * candles of the range remain, the answer's {@code next} link (also a {@code Link: <...>; rel="next"} header) asks
 * for the page before it, with a cursor pinning the series the first page picked. Following {@code next} until
 * there is none walks the range once, each candle on exactly one page.
 */
@Component
class CandleService {

    /** No market history is older (the first Bitcoin block); anything before is a mistake. */
    static final Instant EARLIEST = Instant.parse("2009-01-03T00:00:00Z");
    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("[a-z0-9_-]{1,64}");
    private static final java.util.regex.Pattern QUOTE = java.util.regex.Pattern.compile("[A-Z0-9]{1,16}");

    private final CandleRepository repository;
    private final TwoTierCache cache;
    private final MarketState state;
    private final HistoryProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    CandleService(CandleRepository repository, TwoTierCache cache, MarketState state, HistoryProperties properties,
                  JsonMapper json, Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.state = state;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A checked, normalized candles question.
     *
     * @param source null, or the series' source asked for (or pinned by a cursor)
     * @param quote  null, or the series' quote currency asked for (or pinned by a cursor)
     * @param before null on the first page, else the end (exclusive) of this page, from the cursor
     */
    record Request(String symbol, CandleInterval interval, Instant from, Instant to, int limit, String source,
                   String quote, Instant before) {
        CacheKey key() {
            CacheKey plain = CacheKeys.candles(symbol, interval.label(), from.getEpochSecond(), to.getEpochSecond(), limit);
            if (source == null && quote == null && before == null) {
                return plain;
            }
            return CacheKeys.candles(symbol, interval.label(), from.getEpochSecond(), to.getEpochSecond(), limit,
                    source == null ? "*" : source, quote == null ? "*" : quote, before == null ? "*" : Long.toString(before.getEpochSecond()));
        }

        /** The end of this page. */
        Instant pageEnd() {
            return before == null ? to : before;
        }
    }

    Request request(String rawSymbol, String rawInterval, String rawFrom, String rawTo, String rawLimit,
                    CandleInterval defaultInterval) {
        return request(rawSymbol, rawInterval, rawFrom, rawTo, rawLimit, null, null, null, defaultInterval);
    }

    Request request(String rawSymbol, String rawInterval, String rawFrom, String rawTo, String rawLimit,
                    String rawSource, String rawQuote, String rawCursor, CandleInterval defaultInterval) {
        String symbol = Problems.symbol(rawSymbol);
        CandleInterval interval = CandleInterval.parse(rawInterval, defaultInterval);
        int limit = Problems.bounded("limit", rawLimit, Math.min(properties.defaultLimit(), properties.maxLimit()),
                1, properties.maxLimit());
        long width = interval.seconds();
        Instant to = rawTo == null || rawTo.isBlank()
                ? Instant.ofEpochSecond(Math.floorDiv(clock.instant().getEpochSecond(), width) * width + width)
                : instant("to", rawTo);
        Instant from = rawFrom == null || rawFrom.isBlank() ? to.minusSeconds(width * limit) : instant("from", rawFrom);
        Instant latest = clock.instant().plus(java.time.Duration.ofDays(1));
        for (Instant bound : new Instant[] {from, to}) {
            if (bound.isBefore(EARLIEST) || bound.isAfter(latest)) {
                throw Problems.badRequest("from and to must lie between " + EARLIEST + " and a day from now, was " + bound);
            }
        }
        if (!from.isBefore(to)) {
            throw Problems.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
        String source = optional("source", rawSource, SOURCE, false);
        String quote = optional("quote", rawQuote, QUOTE, true);
        Instant before = null;
        if (rawCursor != null && !rawCursor.isBlank()) {
            CandleCursor cursor = CandleCursor.decode(rawCursor);
            if (!cursor.before().isAfter(from) || cursor.before().isAfter(to)
                    || source != null && !source.equals(cursor.source()) || quote != null && !quote.equals(cursor.quote())) {
                throw Problems.badRequest("cursor does not belong to this range and series; follow the 'next' link as given");
            }
            source = cursor.source();
            quote = cursor.quote();
            before = cursor.before();
        }
        if (!state.knows(symbol)) {
            throw Problems.unknownSymbol(symbol);
        }
        return new Request(symbol, interval, from, to, limit, source, quote, before);
    }

    /**
     * The page, through the cache. A page without candles is sent but not kept: "nothing yet" for a range is what a
     * backfill still under way looks like, and the candles should show as soon as they are archived, not when the
     * empty answer expires.
     */
    Mono<Cached> candles(Request request) {
        return cache.get(request.key(), () -> compute(request), body -> !isEmptyPage(body));
    }

    /**
     * The series itself, read from the rollups now rather than through the candle cache: for indicators, whose own
     * answer is cached once complete, so that a candle page cached while the history was arriving cannot hold them
     * back.
     */
    Mono<CandleSeries> freshSeries(Request request) {
        return compute(request).map(this::parse);
    }

    private static final byte[] EMPTY_CANDLES = "\"candles\":[]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * True for a page whose candle array is empty ({@link CandlePage} as Jackson writes it: the array follows the
     * short fields, so only the first kilobyte is looked at, however long the page).
     */
    static boolean isEmptyPage(byte[] body) {
        int end = Math.min(body.length, 1024);
        outer:
        for (int i = 0; i + EMPTY_CANDLES.length <= end; i++) {
            for (int j = 0; j < EMPTY_CANDLES.length; j++) {
                if (body[i + j] != EMPTY_CANDLES[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The candles of a cached answer. */
    CandleSeries parse(byte[] body) {
        return json.readValue(body, CandleSeries.class);
    }

    private Mono<byte[]> compute(Request request) {
        return repository.page(request.symbol(), request.interval(), request.from(), request.pageEnd(),
                        request.limit(), request.source(), request.quote())
                .map(page -> {
                    String source = page.source() == null ? request.source() : page.source();
                    String quote = page.quote() == null ? request.quote() : page.quote();
                    String next = page.more() ? nextLink(request, new CandleCursor(source, quote, page.oldest())) : null;
                    return CandlePageWriter.write(json, new CandlePage(request.symbol(), request.interval().label(), source,
                            quote, request.from().toString(), request.to().toString(), page.candles(), next));
                });
    }

    /** The answer as written: {@link CandleSeries} with the candles as PostgreSQL wrote them. */
    record CandlePage(String symbol, String interval, String source, String quote, String from, String to,
                      @com.fasterxml.jackson.annotation.JsonRawValue String candles, String next) {
    }

    private static String nextLink(Request request, CandleCursor cursor) {
        return "/api/v1/quotes/" + request.symbol() + "/candles?interval=" + request.interval().label()
                + "&from=" + request.from() + "&to=" + request.to() + "&limit=" + request.limit()
                + "&cursor=" + cursor.encode();
    }

    private static String optional(String name, String raw, java.util.regex.Pattern pattern, boolean upper) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = upper ? raw.trim().toUpperCase(java.util.Locale.ROOT) : raw.trim().toLowerCase(java.util.Locale.ROOT);
        if (!pattern.matcher(value).matches()) {
            throw Problems.badRequest(name + " is malformed: '" + raw + "'");
        }
        return value;
    }

    private static Instant instant(String name, String raw) {
        String value = raw.trim();
        try {
            if (value.chars().allMatch(Character::isDigit) && value.length() <= 12) {
                return Instant.ofEpochSecond(Long.parseLong(value));
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw Problems.badRequest(name + " must be an ISO-8601 instant (e.g. 2026-11-22T08:00:00Z) or epoch seconds, was '" + raw + "'");
        }
    }
}
