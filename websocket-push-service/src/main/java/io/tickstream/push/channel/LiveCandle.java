package io.tickstream.push.channel;

import io.tickstream.common.event.Decimals;
import io.tickstream.common.event.Quote;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * The object of a {@code candles:<SYMBOL>:<interval>} channel: the symbol's current candle from its consensus quotes
 * (price and number of quotes; the volume is in the rollups), in buckets of the interval's width from
 * 2000-01-01T00:00Z, the UTC minute, hour and day boundaries the archive's rollups and the REST candles use. A quote
 * opens the bucket its source time falls in; a quote of a later bucket closes the current candle ({@code final:
 * true}) and starts the next. A quote not newer than the last one taken (a replay, a tail overlap, a late quote)
 * changes nothing, so no quote is counted twice; the rollups still count a late one.
 * <p>JSON: {@code {"symbol","interval","source":"consensus","quote","time","open","high","low","close","ticks","final"}}.
 * Not thread-safe: its channel's lock guards it.
 */
final class LiveCandle {

    /** The widths offered, by name. */
    static final List<String> INTERVALS = List.of("1m", "5m", "15m", "1h", "4h", "1d");

    private final String symbol;
    private final String interval;
    private final long widthMs;
    private long bucket = Long.MIN_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private String quote;
    private BigDecimal open;
    private BigDecimal high;
    private BigDecimal low;
    private BigDecimal close;
    private long ticks;

    /** What a quote did to the candle. */
    enum Change {
        /** Nothing: not newer than the last quote taken, or of a bucket already closed. */
        NONE,
        /** The current candle changed. */
        UPDATED,
        /** The current candle closed ({@link #closed()} holds it) and the quote began the next. */
        ROLLED
    }

    private ObjectNode closed;

    LiveCandle(String symbol, String interval) {
        this.symbol = symbol;
        this.interval = interval;
        this.widthMs = widthSeconds(interval) * 1000;
    }

    /** The width of a named interval in seconds. */
    static long widthSeconds(String interval) {
        return switch (interval) {
            case "1m" -> 60;
            case "5m" -> 300;
            case "15m" -> 900;
            case "1h" -> 3_600;
            case "4h" -> 14_400;
            case "1d" -> 86_400;
            default -> throw new IllegalArgumentException("no candles of " + interval);
        };
    }

    /** Takes a consensus quote of the symbol. */
    Change add(Quote q) {
        long time = q.meta().sourceTime();
        if (time <= lastTime) {
            return Change.NONE;
        }
        long start = Math.floorDiv(time, widthMs) * widthMs; // epoch and 2000-01-01 are whole days apart
        Change change = Change.UPDATED;
        if (start != bucket) {
            closed = bucket == Long.MIN_VALUE ? null : json(true);
            change = closed == null ? Change.UPDATED : Change.ROLLED;
            bucket = start;
            open = high = low = null;
            ticks = 0;
        }
        lastTime = time;
        quote = q.quote();
        BigDecimal price = q.price();
        if (open == null) {
            open = high = low = price;
        }
        high = high.max(price);
        low = low.min(price);
        close = price;
        ticks++;
        return change;
    }

    /** The current candle, not final; null before the first quote. */
    ObjectNode current() {
        return bucket == Long.MIN_VALUE ? null : json(false);
    }

    /** The candle closed by the last {@link Change#ROLLED}, with {@code final: true}. */
    ObjectNode closed() {
        return closed;
    }

    void clear() {
        bucket = Long.MIN_VALUE;
        lastTime = Long.MIN_VALUE;
        closed = null;
    }

    private ObjectNode json(boolean fin) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("symbol", symbol);
        node.put("interval", interval);
        node.put("source", Quote.CONSENSUS_SOURCE);
        node.put("quote", quote);
        node.put("time", java.time.Instant.ofEpochMilli(bucket).toString());
        node.put("open", Decimals.toWire(open));
        node.put("high", Decimals.toWire(high));
        node.put("low", Decimals.toWire(low));
        node.put("close", Decimals.toWire(close));
        node.put("ticks", ticks);
        node.put("final", fin);
        return node;
    }
}
