package io.tickstream.common.event;

import io.tickstream.common.stream.StreamKeys;
import io.tickstream.common.symbol.Symbols;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One trade on one venue, as its public feed reports it, appended to the {@code crypto:trades} partition
 * of its symbol ({@link StreamKeys#TRADES}). The source time ({@link EventMeta#sourceTime()}) is the
 * venue's trade time.
 *
 * @param meta    common fields; the idempotency key is {@link #idempotencyKey}
 * @param symbol  canonical base asset, e.g. {@code BTC}
 * @param quote   quote currency, e.g. {@code USDT}
 * @param price   trade price in the quote currency; &gt; 0
 * @param size    traded amount of the base asset; &gt; 0
 * @param side    the taker's side
 * @param tradeId the venue's trade id, unique per venue and market (Binance {@code t}, Coinbase
 *                {@code trade_id}, Kraken {@code trade_id}); compared as a number where it is one
 */
public record Trade(
        EventMeta meta,
        String symbol,
        String quote,
        BigDecimal price,
        BigDecimal size,
        TradeSide side,
        String tradeId) implements MarketEvent {

    public Trade {
        Objects.requireNonNull(meta, "meta");
        if (!Symbols.isCanonical(symbol)) {
            throw new IllegalArgumentException("symbol is not canonical: " + symbol);
        }
        if (!Symbols.isCanonical(quote)) {
            throw new IllegalArgumentException("quote currency is not canonical: " + quote);
        }
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(size, "size");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be > 0: " + price);
        }
        if (size.signum() <= 0) {
            throw new IllegalArgumentException("size must be > 0: " + size);
        }
        Objects.requireNonNull(side, "side");
        EventMeta.requireText(tradeId, "tradeId");
        price = Decimals.normalize(price);
        size = Decimals.normalize(size);
    }

    /**
     * The idempotency key of a trade: {@code trade:<source>:<symbol>:<quote>:<tradeId>}. The quote currency
     * is part of it because a venue numbers the trades of {@code BTC/USDT} and {@code BTC/USDC} apart.
     */
    public static String idempotencyKey(String source, String symbol, String quote, String tradeId) {
        return "trade:" + source + ":" + symbol + ":" + quote + ":" + tradeId;
    }

    /** The trade id as a number, or -1 when the venue's id is not a decimal integer. */
    public long numericTradeId() {
        try {
            return Long.parseLong(tradeId);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public EventType type() {
        return EventType.TRADE;
    }

    @Override
    public String stream() {
        return StreamKeys.TRADES;
    }
}
