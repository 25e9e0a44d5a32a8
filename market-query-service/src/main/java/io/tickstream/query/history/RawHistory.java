package io.tickstream.query.history;

import io.tickstream.query.candles.HistoryProperties;
import io.tickstream.query.problem.Problems;
import io.tickstream.query.state.MarketState;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Raw history of one symbol: its archived quotes or trades in a time range, optionally of one source, oldest
 * first, in pages of {@code limit} rows. Each page is one keyset query after the previous page's last row
 * ({@link HistoryCursor}), so following {@code next} walks the range exactly once, however many rows share a
 * millisecond. Not cached: past pages never change and are one index range scan, the newest change every second.
 */
@Component
class RawHistory {

    private static final Instant EARLIEST = Instant.parse("2009-01-03T00:00:00Z");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9_-]{1,64}");

    private final DatabaseClient db;
    private final HistoryProperties history;
    private final RawHistoryProperties properties;
    private final MarketState state;
    private final Clock clock;

    RawHistory(DatabaseClient db, HistoryProperties history, RawHistoryProperties properties, MarketState state, Clock clock) {
        this.db = db;
        this.history = history;
        this.properties = properties;
        this.state = state;
        this.clock = clock;
    }

    /** A checked question: one page of {@code table}. */
    record Request(RawTable table, String symbol, Instant from, Instant to, String source, int limit, HistoryCursor after) {
    }

    /**
     * One page.
     *
     * @param next the link to the next page, null on the last
     */
    record Page(Request request, List<Map<String, Object>> rows, String next) {
    }

    Request request(RawTable table, String rawSymbol, String rawFrom, String rawTo, String rawSource, String rawLimit,
                    String rawCursor) {
        String symbol = Problems.symbol(rawSymbol);
        int limit = Problems.bounded("limit", rawLimit, Math.min(properties.defaultLimit(), properties.maxLimit()), 1,
                properties.maxLimit());
        Instant to = rawTo == null || rawTo.isBlank() ? clock.instant() : instant("to", rawTo);
        Instant from = rawFrom == null || rawFrom.isBlank() ? to.minus(properties.defaultSpan()) : instant("from", rawFrom);
        Instant latest = clock.instant().plus(java.time.Duration.ofDays(1));
        for (Instant bound : new Instant[] {from, to}) {
            if (bound.isBefore(EARLIEST) || bound.isAfter(latest)) {
                throw Problems.badRequest("from and to must lie between " + EARLIEST + " and a day from now, was " + bound);
            }
        }
        if (!from.isBefore(to)) {
            throw Problems.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
        String source = null;
        if (rawSource != null && !rawSource.isBlank()) {
            source = rawSource.trim().toLowerCase(Locale.ROOT);
            if (!SOURCE.matcher(source).matches()) {
                throw Problems.badRequest("source is malformed: '" + rawSource + "'");
            }
        }
        HistoryCursor after = HistoryCursor.before(from);
        if (rawCursor != null && !rawCursor.isBlank()) {
            after = HistoryCursor.decode(rawCursor);
            if (after.time().isBefore(from) || !after.time().isBefore(to)) {
                throw Problems.badRequest("cursor does not belong to this range; follow the 'next' link as given");
            }
        }
        if (!state.knows(symbol)) {
            throw Problems.unknownSymbol(symbol);
        }
        return new Request(table, symbol, from, to, source, limit, after);
    }

    Mono<Page> page(Request request) {
        return db.sql(request.table().sql(history.schema()))
                .bind("$1", request.symbol())
                .bind("$2", request.from())
                .bind("$3", request.to())
                .bind("$4", request.source() == null ? "" : request.source())
                .bind("$5", request.after().time())
                .bind("$6", request.after().id())
                .bind("$7", request.limit() + 1)
                .map(row -> request.table().row(row))
                .all()
                .collectList()
                .timeout(properties.queryTimeout())
                .map(rows -> {
                    if (rows.size() <= request.limit()) {
                        return new Page(request, rows, null);
                    }
                    List<Map<String, Object>> page = rows.subList(0, request.limit());
                    Map<String, Object> last = page.getLast();
                    return new Page(request, page, nextLink(request,
                            new HistoryCursor(RawTable.timeOf(last), (String) last.get("id"))));
                });
    }

    private static String nextLink(Request request, HistoryCursor cursor) {
        String path = request.table() == RawTable.QUOTES ? "/history" : "/trades/history";
        return "/api/v1/quotes/" + request.symbol() + path + "?from=" + request.from() + "&to=" + request.to()
                + (request.source() == null ? "" : "&source=" + request.source())
                + "&limit=" + request.limit() + "&cursor=" + cursor.encode();
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
