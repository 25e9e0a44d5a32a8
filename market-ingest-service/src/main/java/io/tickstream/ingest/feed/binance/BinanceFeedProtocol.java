package io.tickstream.ingest.feed.binance;

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

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Binance spot combined streams: {@code <base>/stream?streams=btcusdt@ticker/btcusdt@trade/…} (lowercase
 * symbols), every event wrapped as {@code {"stream":"btcusdt@trade","data":{…}}}. {@code @ticker} is the
 * rolling 24 h ticker ({@code c} last, {@code b}/{@code a} best bid/ask, {@code P} change %, {@code q} quote
 * volume, {@code h}/{@code l}, {@code E} event time); {@code @trade} a trade ({@code t} id, {@code p},
 * {@code q}, {@code T} time, {@code m} true when the buyer is the maker, so the taker sold). A
 * {@code serverShutdown} event asks for a new connection now. The server's pings every 20 s are answered
 * with pongs by the WebSocket client; 1,024 streams per connection at most.
 */
public final class BinanceFeedProtocol implements ExchangeProtocol {

    public static final String NAME = "binance";

    private final String source;

    public BinanceFeedProtocol() {
        this(NAME);
    }

    /** The protocol under another source name (the simulated venues speak it too). */
    public BinanceFeedProtocol(String source) {
        this.source = source;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public FeedMarket market(String symbol, String quote) {
        return new FeedMarket(symbol, quote, (symbol + quote).toLowerCase(Locale.ROOT));
    }

    @Override
    public URI uri(URI base, List<FeedMarket> markets) {
        String streams = markets.stream()
                .map(m -> m.venueName() + "@ticker/" + m.venueName() + "@trade")
                .collect(Collectors.joining("/"));
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + "/stream?streams=" + streams);
    }

    @Override
    public List<String> subscriptions(List<FeedMarket> markets) {
        return List.of();
    }

    @Override
    public int maxStreamsPerConnection() {
        return 1024;
    }

    @Override
    public FeedMessage decode(String frame, long receivedAt, MarketsByVenueName markets) {
        JsonNode root = FeedJson.parse(frame);
        JsonNode data = root.has("data") ? root.path("data") : root.has("event") ? root.path("event") : root;
        String event = JsonValues.text(data, "e");
        if (event == null) {
            if (root.has("result") || root.has("id")) {
                return new FeedMessage.Heartbeat();
            }
            if (root.has("code") || root.has("error")) {
                return new FeedMessage.VenueError(root.toString());
            }
            throw new SourceCallException.Malformed("binance frame without an event type: " + SourceCallException.abbreviate(frame));
        }
        return switch (event) {
            case "serverShutdown" -> new FeedMessage.ReconnectNow("binance serverShutdown");
            case "24hrTicker" -> ticker(data, receivedAt, markets);
            case "trade" -> trade(data, markets);
            default -> new FeedMessage.Heartbeat();
        };
    }

    private static FeedMessage ticker(JsonNode data, long receivedAt, MarketsByVenueName markets) {
        FeedMarket market = marketOf(data, markets);
        if (market == null) {
            return new FeedMessage.Heartbeat();
        }
        Long eventTime = JsonValues.epochMillis(data, "E");
        QuoteObservation quote = new QuoteObservation(market.symbol(), market.quote(), JsonValues.requiredDecimal(data, "c"),
                JsonValues.decimal(data, "P"), JsonValues.decimal(data, "q"), null, JsonValues.decimal(data, "h"),
                JsonValues.decimal(data, "l"), eventTime == null ? receivedAt : eventTime);
        return new FeedMessage.Tickers(List.of(new FeedMessage.FeedTicker(quote, positive(JsonValues.decimal(data, "b")),
                positive(JsonValues.decimal(data, "a")))));
    }

    private static FeedMessage trade(JsonNode data, MarketsByVenueName markets) {
        FeedMarket market = marketOf(data, markets);
        if (market == null) {
            return new FeedMessage.Heartbeat();
        }
        JsonNode id = data.path("t");
        if (!id.isIntegralNumber()) {
            throw new SourceCallException.Malformed("binance trade without a numeric 't'");
        }
        Long time = JsonValues.epochMillis(data, "T");
        if (time == null) {
            throw new SourceCallException.Malformed("binance trade without 'T'");
        }
        TradeSide side = data.path("m").isBoolean() ? (data.path("m").booleanValue() ? TradeSide.SELL : TradeSide.BUY)
                : TradeSide.UNKNOWN;
        return new FeedMessage.Trades(List.of(new FeedMessage.FeedTrade(market.symbol(), market.quote(),
                JsonValues.requiredDecimal(data, "p"), JsonValues.requiredDecimal(data, "q"), side,
                Long.toString(id.longValue()), time)));
    }

    private static FeedMarket marketOf(JsonNode data, MarketsByVenueName markets) {
        String symbol = JsonValues.text(data, "s");
        if (symbol == null) {
            throw new SourceCallException.Malformed("binance event without 's'");
        }
        return markets.get(symbol);
    }

    private static BigDecimal positive(BigDecimal value) {
        return value == null || value.signum() <= 0 ? null : value;
    }
}
