package io.tickstream.common.market;

import io.tickstream.common.event.Trade;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * THE JSON of trades, one shape on the WebSocket channel {@code trades:<SYMBOL>} and from REST
 * {@code /api/v1/quotes/<SYMBOL>/trades} alike. A trade ({@link #trade}):
 * <pre>
 * {"id":"trade:binance:BTC:USDT:12345","source":"binance","symbol":"BTC","quote":"USDT","price":"67012.5",
 *  "size":"0.0012","side":"sell","tradeId":"12345","time":1763800000123,"ingestTime":1763800000150}
 * </pre>
 * {@code id} is the idempotency key (a client may drop a trade it holds already), {@code side} the taker's
 * ({@code buy}, {@code sell}, {@code unknown}), {@code time} the venue's trade time and {@code ingestTime}
 * (epoch ms); decimals are strings in the wire form. A list of trades ({@link #trades}) is
 * {@code {"symbol":"BTC","trades":[{trade}, …]}}, newest first.
 */
public final class TradeJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TradeJson() {
    }

    /** One trade. */
    public static ObjectNode trade(Trade t) {
        ObjectNode node = JSON.objectNode();
        node.put("id", t.meta().id());
        node.put("source", t.meta().source());
        node.put("symbol", t.symbol());
        node.put("quote", t.quote());
        TickerJson.putDecimal(node, "price", t.price());
        TickerJson.putDecimal(node, "size", t.size());
        node.put("side", t.side().wireName());
        node.put("tradeId", t.tradeId());
        node.put("time", t.meta().sourceTime());
        node.put("ingestTime", t.meta().ingestTime());
        return node;
    }

    /**
     * The trades of {@code symbol}, given newest first as trade objects ({@link #trade}); the nodes are
     * referenced, not copied, so they must not change afterwards.
     */
    public static ObjectNode trades(String symbol, Iterable<? extends JsonNode> newestFirst) {
        ObjectNode node = JSON.objectNode();
        node.put("symbol", symbol);
        ArrayNode trades = node.putArray("trades");
        newestFirst.forEach(trades::add);
        return node;
    }
}
