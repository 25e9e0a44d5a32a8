package io.tickstream.ingest.source.kraken;

import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceCallException;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * Reads one pair of Kraken's {@code GET /0/public/Ticker} answer. Kraken gives arrays of decimal
 * strings, each {@code [today, last 24 hours]} except the last trade {@code c: [price, lot volume]}:
 * the price is {@code c[0]}, the 24h range {@code h[1]}/{@code l[1]}, and the 24h volume, which Kraken
 * gives in the base asset ({@code v[1]}), is converted to the quote currency with the 24h volume
 * weighted average price ({@code v[1] × p[1]}, exact). Kraken's {@code o} is today's opening price,
 * not the price 24 hours ago, so no 24h change is derived; Kraken gives no market cap and no time,
 * so the receive time stands in.
 */
final class KrakenTicker {

    private KrakenTicker() {
    }

    static QuoteObservation read(JsonNode ticker, String symbol, String quote, long receivedAt) {
        if (!ticker.isObject()) {
            throw new SourceCallException.Malformed("Kraken ticker of " + symbol + " is not an object");
        }
        BigDecimal baseVolume = JsonValues.requiredDecimal(array(ticker, "v"), 1, "v[1]");
        BigDecimal vwap = JsonValues.requiredDecimal(array(ticker, "p"), 1, "p[1]");
        return new QuoteObservation(symbol, quote,
                JsonValues.requiredDecimal(array(ticker, "c"), 0, "c[0]"),
                null,
                baseVolume.multiply(vwap),
                null,
                JsonValues.requiredDecimal(array(ticker, "h"), 1, "h[1]"),
                JsonValues.requiredDecimal(array(ticker, "l"), 1, "l[1]"),
                receivedAt);
    }

    private static JsonNode array(JsonNode ticker, String field) {
        JsonNode value = ticker.path(field);
        if (!value.isArray()) {
            throw new SourceCallException.Malformed("Kraken ticker field '" + field + "' is not an array");
        }
        return value;
    }
}
