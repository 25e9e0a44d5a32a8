package io.tickstream.backup.replay;

import io.tickstream.common.event.EventType;

import java.time.Instant;
import java.util.List;

/**
 * What to replay: archived events with {@code from <= sourceTime < to}, optionally of one symbol.
 *
 * @param from          start of the source time range, inclusive
 * @param to            end of the source time range, exclusive
 * @param symbol        only quotes of this canonical symbol (e.g. {@code BTC}); summaries and health
 *                      transitions have no symbol and are left out then. Null for everything
 * @param types         event types to replay ({@code quote}, {@code market_summary}, {@code source_health});
 *                      null or empty for all
 * @param ratePerSecond entries per second; null for the configured default
 */
public record ReplayRequest(Instant from, Instant to, String symbol, List<String> types, Integer ratePerSecond) {

    /** The event types this request covers. */
    List<EventType> eventTypes() {
        if (symbol != null && !symbol.isBlank()) {
            return List.of(EventType.QUOTE);
        }
        if (types == null || types.isEmpty()) {
            // trades are not archived yet (issue 17 in progress)
            return List.of(EventType.QUOTE, EventType.MARKET_SUMMARY, EventType.SOURCE_HEALTH);
        }
        return types.stream().map(t -> EventType.fromWire(t)
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + t + "'"))).toList();
    }
}
