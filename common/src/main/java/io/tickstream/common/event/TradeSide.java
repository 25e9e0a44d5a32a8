package io.tickstream.common.event;

import java.util.Arrays;
import java.util.Optional;

/** The taker's side of a trade: who crossed the spread. */
public enum TradeSide {
    /** The taker bought (lifted an ask). */
    BUY("buy"),
    /** The taker sold (hit a bid). */
    SELL("sell"),
    /** The source does not say. */
    UNKNOWN("unknown");

    private final String wireName;

    TradeSide(String wireName) {
        this.wireName = wireName;
    }

    /** The value written in the {@code side} field. */
    public String wireName() {
        return wireName;
    }

    /** The side for a {@code side} field value, empty when unknown to this code. */
    public static Optional<TradeSide> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }
}
