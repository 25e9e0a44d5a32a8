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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Candles through cache-or-compute. Parameters are checked first (400 with the reason, 404 for an
 * unknown symbol), then normalized so equal questions share a key: an absent {@code to} is the end of
 * the current bucket, an absent {@code from} is {@code limit} buckets before {@code to}.
 */
@Component
class CandleService {

    /** No market history is older (the first Bitcoin block); anything before is a mistake. */
    static final Instant EARLIEST = Instant.parse("2009-01-03T00:00:00Z");

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

    /** A checked, normalized candles question. */
    record Request(String symbol, CandleInterval interval, Instant from, Instant to, int limit) {
        CacheKey key() {
            return CacheKeys.candles(symbol, interval.label(), from.getEpochSecond(), to.getEpochSecond(), limit);
        }
    }

    Request request(String rawSymbol, String rawInterval, String rawFrom, String rawTo, String rawLimit,
                    CandleInterval defaultInterval) {
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
        long buckets = Math.ceilDiv(to.getEpochSecond() - from.getEpochSecond(), width);
        if (buckets > properties.maxLimit()) {
            throw Problems.badRequest("the range " + from + " .. " + to + " spans " + buckets + " candles of "
                    + interval.label() + "; at most " + properties.maxLimit());
        }
        if (!state.knows(symbol)) {
            throw Problems.unknownSymbol(symbol);
        }
        return new Request(symbol, interval, from, to, limit);
    }

    Mono<Cached> candles(Request request) {
        return cache.get(request.key(), () -> compute(request).map(json::writeValueAsBytes));
    }

    /** The series itself (for indicators), through the same cache. */
    Mono<CandleSeries> series(Request request) {
        return candles(request).map(cached -> json.readValue(cached.body(), CandleSeries.class));
    }

    private Mono<CandleSeries> compute(Request request) {
        return repository.candles(request.symbol(), request.interval(), request.from(), request.to(), request.limit())
                .collectList()
                .map(rows -> {
                    List<Candle> candles = new ArrayList<>(rows.size());
                    rows.forEach(row -> candles.add(row.candle()));
                    Collections.reverse(candles);
                    String source = rows.isEmpty() ? null : rows.getFirst().source();
                    return new CandleSeries(request.symbol(), request.interval().label(), source,
                            request.from().toString(), request.to().toString(), candles);
                });
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
