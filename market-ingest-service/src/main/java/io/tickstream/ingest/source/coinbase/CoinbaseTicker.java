package io.tickstream.ingest.source.coinbase;

import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceCallException;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * Reads Coinbase Exchange's {@code GET /products/{id}/ticker} answer, {@code {"ask": "..", "bid": "..",
 * "volume": "..", "trade_id": .., "price": "..", "size": "..", "time": "2024-06-01T12:00:04.123456Z"}}.
 * The price is the last trade's {@code price}; Coinbase gives the 24h {@code volume} in the base asset,
 * so it is converted to the quote currency at the last price ({@code volume × price}, exact). The
 * ticker has no 24h change, range or market cap; {@code time} (ISO-8601) is the source time.
 */
final class CoinbaseTicker {

    private CoinbaseTicker() {
    }

    static QuoteObservation read(JsonNode ticker, String symbol, String quote, long receivedAt) {
        if (!ticker.isObject()) {
            throw new SourceCallException.Malformed("Coinbase ticker of " + symbol + " is not an object");
        }
        BigDecimal price = JsonValues.requiredDecimal(ticker, "price");
        BigDecimal baseVolume = JsonValues.decimal(ticker, "volume");
        Long time = JsonValues.isoTime(ticker, "time");
        return new QuoteObservation(symbol, quote, price, null,
                baseVolume == null ? null : baseVolume.multiply(price),
                null, null, null,
                time == null ? receivedAt : time);
    }
}
