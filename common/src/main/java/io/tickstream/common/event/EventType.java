package io.tickstream.common.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code type} field of a stream entry: which record the entry decodes to.
 */
public enum EventType {
    /** A normalized quote of one symbol from one source ({@link Quote}). */
    QUOTE("quote"),
    /** A global market summary ({@link MarketSummary}). */
    MARKET_SUMMARY("market_summary"),
    /** A source's health transition ({@link SourceHealthChanged}). */
    SOURCE_HEALTH("source_health"),
    /** One trade on one venue ({@link Trade}). */
    TRADE("trade"),
    /** One closed OHLCV bar from a source's history ({@link Bar}). */
    BAR("bar");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The value written in the {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** The type for a {@code type} field value, empty when unknown. */
    public static Optional<EventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
    }
}
