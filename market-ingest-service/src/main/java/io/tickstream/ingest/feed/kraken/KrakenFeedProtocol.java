package io.tickstream.ingest.feed.kraken;

import io.tickstream.common.event.TradeSide;
import io.tickstream.ingest.feed.ExchangeProtocol;
import io.tickstream.ingest.feed.FeedJson;
import io.tickstream.ingest.feed.FeedMarket;
import io.tickstream.ingest.feed.FeedMessage;
import io.tickstream.ingest.feed.MarketsByVenueName;
import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceCallException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken WebSocket v2 ({@code wss://ws.kraken.com/v2}): {@code subscribe} requests for the {@code ticker}
 * and {@code trade} channels with {@code BTC/USD}-style symbols (v2 says BTC, never XBT). Prices and sizes are
 * JSON numbers, read exactly into decimals ({@link FeedJson}). {@code trade} starts with a snapshot of recent
 * trades, which after a reconnect fills what was missed (repeats are dropped by trade id). {@code heartbeat}
 * arrives every second when nothing else does.
 */
public final class KrakenFeedProtocol implements ExchangeProtocol {

    public static final String NAME = "kraken";

    @Override
    public String source() {
        return NAME;
    }

    @Override
    public FeedMarket market(String symbol, String quote) {
        return new FeedMarket(symbol, quote, symbol + "/" + quote);
    }

    @Override
    public URI uri(URI base, List<FeedMarket> markets) {
        return base;
    }

    @Override
    public List<String> subscriptions(List<FeedMarket> markets) {
        return List.of(subscribe("ticker", markets, false), subscribe("trade", markets, true));
    }

    private static String subscribe(String channel, List<FeedMarket> markets, boolean snapshot) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("method", "subscribe");
        ObjectNode params = request.putObject("params").put("channel", channel).put("snapshot", snapshot);
        markets.forEach(m -> params.withArray("symbol").add(m.venueName()));
        return request.toString();
    }

    @Override
    public FeedMessage decode(String frame, long receivedAt, MarketsByVenueName markets) {
        JsonNode root = FeedJson.parse(frame);
        if (root.has("method")) {
            return root.path("success").asBoolean(true) ? new FeedMessage.Heartbeat()
                    : new FeedMessage.VenueError(String.valueOf(JsonValues.text(root, "error")));
        }
        String channel = JsonValues.text(root, "channel");
        if (channel == null) {
            throw new SourceCallException.Malformed("kraken frame without 'channel': " + SourceCallException.abbreviate(frame));
        }
        return switch (channel) {
            case "ticker" -> tickers(root.path("data"), receivedAt, markets);
            case "trade" -> trades(root.path("data"), markets);
            default -> new FeedMessage.Heartbeat();
        };
    }

    private static FeedMessage tickers(JsonNode data, long receivedAt, MarketsByVenueName markets) {
        List<FeedMessage.FeedTicker> tickers = new ArrayList<>();
        for (JsonNode t : array(data)) {
            FeedMarket market = markets.get(JsonValues.text(t, "symbol"));
            if (market == null) {
                continue;
            }
            BigDecimal baseVolume = JsonValues.decimal(t, "volume");
            BigDecimal vwap = JsonValues.decimal(t, "vwap");
            Long time = JsonValues.isoTime(t, "timestamp");
            QuoteObservation quote = new QuoteObservation(market.symbol(), market.quote(), JsonValues.requiredDecimal(t, "last"),
                    JsonValues.decimal(t, "change_pct"), baseVolume == null || vwap == null ? null : baseVolume.multiply(vwap),
                    null, JsonValues.decimal(t, "high"), JsonValues.decimal(t, "low"), time == null ? receivedAt : time);
            tickers.add(new FeedMessage.FeedTicker(quote, JsonValues.decimal(t, "bid"), JsonValues.decimal(t, "ask")));
        }
        return new FeedMessage.Tickers(tickers);
    }

    private static FeedMessage trades(JsonNode data, MarketsByVenueName markets) {
        List<FeedMessage.FeedTrade> trades = new ArrayList<>();
        for (JsonNode t : array(data)) {
            FeedMarket market = markets.get(JsonValues.text(t, "symbol"));
            if (market == null) {
                continue;
            }
            JsonNode id = t.path("trade_id");
            if (!id.isIntegralNumber()) {
                throw new SourceCallException.Malformed("kraken trade without a numeric 'trade_id'");
            }
            Long time = JsonValues.isoTime(t, "timestamp");
            if (time == null) {
                throw new SourceCallException.Malformed("kraken trade without 'timestamp'");
            }
            TradeSide side = switch (String.valueOf(JsonValues.text(t, "side"))) {
                case "buy" -> TradeSide.BUY;
                case "sell" -> TradeSide.SELL;
                default -> TradeSide.UNKNOWN;
            };
            trades.add(new FeedMessage.FeedTrade(market.symbol(), market.quote(), JsonValues.requiredDecimal(t, "price"),
                    JsonValues.requiredDecimal(t, "qty"), side, Long.toString(id.longValue()), time));
        }
        return new FeedMessage.Trades(trades);
    }

    private static JsonNode array(JsonNode data) {
        if (!data.isArray()) {
            throw new SourceCallException.Malformed("kraken 'data' is not an array");
        }
        return data;
    }
}
