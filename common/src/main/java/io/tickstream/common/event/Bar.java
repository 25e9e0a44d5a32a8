package io.tickstream.common.event;

import io.tickstream.common.stream.StreamKeys;
import io.tickstream.common.symbol.Symbols;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One closed OHLCV bar of one market on one source, as the source's history API gives it (a backfill),
 * appended to the {@code crypto:bars} partition of its symbol ({@link StreamKeys#BARS}). The source time
 * ({@link EventMeta#sourceTime()}) is the bar's open time.
 *
 * @param meta        common fields; the idempotency key is {@link #idempotencyKey}
 * @param symbol      canonical base asset
 * @param quote       quote currency
 * @param interval    the bar's length in seconds (60 for one minute)
 * @param open        first price; &gt; 0
 * @param high        highest price; &gt;= open, low, close
 * @param low         lowest price; &gt; 0
 * @param close       last price; &gt; 0
 * @param baseVolume  traded amount of the base asset, optional
 * @param quoteVolume traded amount in the quote currency, optional
 * @param trades      number of trades, optional
 */
public record Bar(
        EventMeta meta,
        String symbol,
        String quote,
        int interval,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal baseVolume,
        BigDecimal quoteVolume,
        Long trades) implements MarketEvent {

    public Bar {
        Objects.requireNonNull(meta, "meta");
        if (!Symbols.isCanonical(symbol) || !Symbols.isCanonical(quote)) {
            throw new IllegalArgumentException("symbol and quote must be canonical: " + symbol + "/" + quote);
        }
        if (interval <= 0) {
            throw new IllegalArgumentException("interval must be > 0 seconds: " + interval);
        }
        for (BigDecimal price : new BigDecimal[]{open, high, low, close}) {
            if (price == null || price.signum() <= 0) {
                throw new IllegalArgumentException("prices must be > 0: " + open + " " + high + " " + low + " " + close);
            }
        }
        if (high.compareTo(low) < 0 || high.compareTo(open) < 0 || high.compareTo(close) < 0
                || low.compareTo(open) > 0 || low.compareTo(close) > 0) {
            throw new IllegalArgumentException("high/low do not bound open/close: " + open + " " + high + " " + low + " " + close);
        }
        if ((baseVolume != null && baseVolume.signum() < 0) || (quoteVolume != null && quoteVolume.signum() < 0)
                || (trades != null && trades < 0)) {
            throw new IllegalArgumentException("volumes and trades must be >= 0");
        }
        open = Decimals.normalize(open);
        high = Decimals.normalize(high);
        low = Decimals.normalize(low);
        close = Decimals.normalize(close);
        baseVolume = Decimals.normalize(baseVolume);
        quoteVolume = Decimals.normalize(quoteVolume);
    }

    /** The idempotency key: {@code bar:<source>:<symbol>:<quote>:<interval>:<openTime>}. */
    public static String idempotencyKey(String source, String symbol, String quote, int interval, long openTime) {
        return "bar:" + source + ":" + symbol + ":" + quote + ":" + interval + ":" + openTime;
    }

    /** The bar's open time, epoch ms (its source time). */
    public long openTime() {
        return meta.sourceTime();
    }

    @Override
    public EventType type() {
        return EventType.BAR;
    }

    @Override
    public String stream() {
        return StreamKeys.BARS;
    }
}
