package io.tickstream.common.market;

import io.tickstream.common.event.Decimals;
import io.tickstream.common.event.Quote;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * THE JSON of a ticker, the one shape of a symbol's latest quotes that clients see, on the WebSocket
 * channel {@code ticker:<SYMBOL>} and from REST {@code /api/v1/tickers/<SYMBOL>} alike:
 * <pre>
 * {"symbol":"BTC",
 *  "consensus":{quote}|null,
 *  "sources":{"binance":{quote},"kraken":{quote},…}}
 * </pre>
 * {@code consensus} is the latest {@link Quote#CONSENSUS_SOURCE} quote, {@code null} when there is
 * none; {@code sources} the latest quote of every other source, in source name order. A quote object
 * ({@link #quote}) has, in this order: {@code source}, {@code quote} (currency), {@code price},
 * {@code change24hPct}, {@code volume24h}, {@code marketCap}, {@code high24h}, {@code low24h}, {@code bid}, {@code ask},
 * {@code stale}, for a consensus quote {@code consensusSources}, {@code consensusLow},
 * {@code consensusHigh}, then {@code sourceTime} and {@code ingestTime} (epoch ms). Decimals are strings
 * in the wire form of {@link Decimals#toWire}; an optional decimal the source did not give is left out
 * (never {@code null}). {@code stale} is the source's own flag, as on the stream.
 */
public final class TickerJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TickerJson() {
    }

    /** The ticker of {@code symbol} in {@code projection}; empty when no quote of it was applied. */
    public static Optional<ObjectNode> ticker(MarketProjection projection, String symbol) {
        Map<String, Quote> bySource = projection.quotes(symbol);
        return bySource.isEmpty() ? Optional.empty() : Optional.of(ticker(symbol, bySource));
    }

    /** The ticker of {@code symbol} from its latest quote per source (consensus under {@link Quote#CONSENSUS_SOURCE}). */
    public static ObjectNode ticker(String symbol, Map<String, Quote> bySource) {
        ObjectNode ticker = JSON.objectNode();
        ticker.put("symbol", symbol);
        Quote consensus = bySource.get(Quote.CONSENSUS_SOURCE);
        if (consensus == null) {
            ticker.putNull("consensus");
        } else {
            ticker.set("consensus", quote(consensus));
        }
        ObjectNode sources = ticker.putObject("sources");
        SortedMap<String, Quote> ordered = bySource instanceof SortedMap<String, Quote> sorted ? sorted : new TreeMap<>(bySource);
        ordered.forEach((source, q) -> {
            if (!Quote.CONSENSUS_SOURCE.equals(source)) {
                sources.set(source, quote(q));
            }
        });
        return ticker;
    }

    /** The quote object of {@code q}. */
    public static ObjectNode quote(Quote q) {
        ObjectNode node = JSON.objectNode();
        node.put("source", q.meta().source());
        node.put("quote", q.quote());
        node.put("price", Decimals.toWire(q.price()));
        putDecimal(node, "change24hPct", q.change24hPct());
        putDecimal(node, "volume24h", q.volume24h());
        putDecimal(node, "marketCap", q.marketCap());
        putDecimal(node, "high24h", q.high24h());
        putDecimal(node, "low24h", q.low24h());
        putDecimal(node, "bid", q.bid());
        putDecimal(node, "ask", q.ask());
        node.put("stale", q.stale());
        if (q.consensus() != null) {
            node.put("consensusSources", q.consensus().sources());
            node.put("consensusLow", Decimals.toWire(q.consensus().low()));
            node.put("consensusHigh", Decimals.toWire(q.consensus().high()));
        }
        node.put("sourceTime", q.meta().sourceTime());
        node.put("ingestTime", q.meta().ingestTime());
        return node;
    }

    static void putDecimal(ObjectNode node, String name, BigDecimal value) {
        if (value != null) {
            node.put(name, Decimals.toWire(value));
        }
    }
}
