package io.tickstream.ingest.source.binance;

import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.QuoteObservation;
import tools.jackson.databind.JsonNode;

/**
 * Reads one object of Binance's {@code GET /api/v3/ticker/24hr} answer. Binance sends decimals as
 * strings, which are kept exactly: {@code lastPrice} is the price, {@code priceChangePercent} the
 * rolling 24h change, {@code quoteVolume} the 24h volume already in the quote currency,
 * {@code highPrice}/{@code lowPrice} the rolling 24h range and {@code closeTime} (epoch ms) the
 * source time. Binance gives no market cap.
 */
public final class BinanceTicker {

    private BinanceTicker() {
    }

    /** One ticker as a quote of {@code symbol}; public for the ingest pipeline benchmark. */
    public static QuoteObservation read(JsonNode ticker, String symbol, String quote, long receivedAt) {
        Long closeTime = JsonValues.epochMillis(ticker, "closeTime");
        return new QuoteObservation(symbol, quote,
                JsonValues.requiredDecimal(ticker, "lastPrice"),
                JsonValues.decimal(ticker, "priceChangePercent"),
                JsonValues.decimal(ticker, "quoteVolume"),
                null,
                JsonValues.decimal(ticker, "highPrice"),
                JsonValues.decimal(ticker, "lowPrice"),
                closeTime == null ? receivedAt : closeTime);
    }
}
