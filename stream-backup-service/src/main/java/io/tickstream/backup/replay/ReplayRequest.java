package io.tickstream.backup.replay;

import io.tickstream.common.event.EventType;

import java.time.Instant;
import java.util.List;

/**
 * What to replay: archived events with {@code from <= sourceTime < to}, optionally of one symbol.
 *
 * @param from          start of the source time range, inclusive
 * @param to            end of the source time range, exclusive
 * @param symbol        only quotes and trades of this canonical symbol (e.g. {@code BTC}); summaries and
 *                      health transitions have no symbol and are left out then (asking for them with a
 *                      symbol is an error). Null for everything
 * @param types         event types to replay ({@code quote}, {@code trade}, {@code market_summary},
 *                      {@code source_health}); null or empty for all (with a symbol: quotes and trades)
 * @param ratePerSecond entries per second; null for the configured default
 */
public record ReplayRequest(Instant from, Instant to, String symbol, List<String> types, Integer ratePerSecond) {

    /** The event types that have a symbol, so a request for one symbol can select them. */
    private static final List<EventType> WITH_SYMBOL = List.of(EventType.QUOTE, EventType.TRADE);
    /** What the archive holds as events: bars become candles, not rows of their own, and are not replayed. */
    private static final List<EventType> ARCHIVED = List.of(EventType.QUOTE, EventType.MARKET_SUMMARY,
            EventType.SOURCE_HEALTH, EventType.TRADE);

    /** The event types this request covers. */
    List<EventType> eventTypes() {
        boolean oneSymbol = symbol != null && !symbol.isBlank();
        if (types == null || types.isEmpty()) {
            return oneSymbol ? WITH_SYMBOL : ARCHIVED;
        }
        List<EventType> selected = types.stream().map(t -> EventType.fromWire(t)
                .filter(ARCHIVED::contains)
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + t + "'"))).distinct().toList();
        if (oneSymbol && !WITH_SYMBOL.containsAll(selected)) {
            throw new IllegalArgumentException("with a 'symbol' only the types quote and trade can be replayed, not "
                    + types);
        }
        return selected;
    }
}
