package io.tickstream.ingest.feed.coinbase;

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
import java.util.List;

/**
 * Coinbase Exchange's public feed ({@code wss://ws-feed.exchange.coinbase.com}): one {@code subscribe}
 * message for the {@code ticker}, {@code matches} and {@code heartbeat} channels, sent at once (the feed
 * closes a connection that has not subscribed within 5 s). {@code ticker} carries price, 24 h open, high,
 * low, base volume and best bid/ask; {@code match} (and the {@code last_match} sent on subscribing) one
 * trade whose {@code side} is the <em>maker's</em>, so the taker's is the other one. Trade ids count up by one
 * per product, which is how gaps show.
 */
public final class CoinbaseFeedProtocol implements ExchangeProtocol {

    public static final String NAME = "coinbase";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public String source() {
        return NAME;
    }

    @Override
    public FeedMarket market(String symbol, String quote) {
        return new FeedMarket(symbol, quote, symbol + "-" + quote);
    }

    @Override
    public URI uri(URI base, List<FeedMarket> markets) {
        return base;
    }

    @Override
    public List<String> subscriptions(List<FeedMarket> markets) {
        ObjectNode subscribe = JsonNodeFactory.instance.objectNode().put("type", "subscribe");
        markets.forEach(m -> subscribe.withArray("product_ids").add(m.venueName()));
        subscribe.withArray("channels").add("ticker").add("matches").add("heartbeat");
        return List.of(subscribe.toString());
    }

    @Override
    public FeedMessage decode(String frame, long receivedAt, MarketsByVenueName markets) {
        JsonNode root = FeedJson.parse(frame);
        String type = JsonValues.text(root, "type");
        if (type == null) {
            throw new SourceCallException.Malformed("coinbase frame without 'type': " + SourceCallException.abbreviate(frame));
        }
        return switch (type) {
            case "ticker" -> ticker(root, receivedAt, markets);
            case "match", "last_match" -> match(root, markets);
            case "error" -> new FeedMessage.VenueError(String.valueOf(JsonValues.text(root, "message")) + ": "
                    + String.valueOf(JsonValues.text(root, "reason")));
            default -> new FeedMessage.Heartbeat();
        };
    }

    private static FeedMessage ticker(JsonNode root, long receivedAt, MarketsByVenueName markets) {
        FeedMarket market = markets.get(JsonValues.text(root, "product_id"));
        if (market == null) {
            return new FeedMessage.Heartbeat();
        }
        BigDecimal price = JsonValues.requiredDecimal(root, "price");
        BigDecimal open = JsonValues.decimal(root, "open_24h");
        BigDecimal baseVolume = JsonValues.decimal(root, "volume_24h");
        BigDecimal change = open == null || open.signum() == 0 ? null
                : price.subtract(open).multiply(HUNDRED).divide(open, 8, java.math.RoundingMode.HALF_EVEN);
        Long time = JsonValues.isoTime(root, "time");
        QuoteObservation quote = new QuoteObservation(market.symbol(), market.quote(), price, change,
                baseVolume == null ? null : baseVolume.multiply(price), null, JsonValues.decimal(root, "high_24h"),
                JsonValues.decimal(root, "low_24h"), time == null ? receivedAt : time);
        return new FeedMessage.Tickers(List.of(new FeedMessage.FeedTicker(quote, JsonValues.decimal(root, "best_bid"),
                JsonValues.decimal(root, "best_ask"))));
    }

    private static FeedMessage match(JsonNode root, MarketsByVenueName markets) {
        FeedMarket market = markets.get(JsonValues.text(root, "product_id"));
        if (market == null) {
            return new FeedMessage.Heartbeat();
        }
        JsonNode id = root.path("trade_id");
        if (!id.isIntegralNumber()) {
            throw new SourceCallException.Malformed("coinbase match without a numeric 'trade_id'");
        }
        Long time = JsonValues.isoTime(root, "time");
        if (time == null) {
            throw new SourceCallException.Malformed("coinbase match without 'time'");
        }
        TradeSide taker = switch (String.valueOf(JsonValues.text(root, "side"))) {
            case "buy" -> TradeSide.SELL;   // a resting buy order was hit: the taker sold
            case "sell" -> TradeSide.BUY;
            default -> TradeSide.UNKNOWN;
        };
        return new FeedMessage.Trades(List.of(new FeedMessage.FeedTrade(market.symbol(), market.quote(),
                JsonValues.requiredDecimal(root, "price"), JsonValues.requiredDecimal(root, "size"), taker,
                Long.toString(id.longValue()), time)));
    }
}
