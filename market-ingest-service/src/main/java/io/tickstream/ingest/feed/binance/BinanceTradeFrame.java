package io.tickstream.ingest.feed.binance;

import io.tickstream.common.event.TradeSide;
import io.tickstream.ingest.feed.FeedJson;
import io.tickstream.ingest.feed.FeedMarket;
import io.tickstream.ingest.feed.FeedMessage;
import io.tickstream.ingest.feed.MarketsByVenueName;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.math.BigDecimal;

/**
 * The common case of a Binance feed, a combined-stream trade frame
 * ({@code {"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT","t":1,"p":"…","q":"…","T":…,"m":true,…}}}), read
 * in one pass over the frame's tokens instead of through a tree of nodes (at thousands of trades per second the
 * tree was most of the socket thread's work). Anything else, or anything unusual in a trade (a number where
 * Binance sends a string, a missing field, an unknown market, malformed JSON), answers {@code null}, and
 * {@link BinanceFeedProtocol} decodes the frame the general way, which decides what it is and what is wrong with it.
 */
final class BinanceTradeFrame {

    private BinanceTradeFrame() {
    }

    /** The trade of {@code frame}, or {@code null} when the frame is no plain trade of a known market. */
    static FeedMessage.FeedTrade read(String frame, MarketsByVenueName markets) {
        try (JsonParser parser = FeedJson.parser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            FeedMessage.FeedTrade trade = null;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                if (name.equals("data")) {
                    if (value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    trade = data(parser, markets);
                    if (trade == null) {
                        return null;
                    }
                } else if (name.equals("stream") && value == JsonToken.VALUE_STRING) {
                    continue;
                } else {
                    return null;
                }
            }
            return parser.nextToken() == null ? trade : null;
        } catch (JacksonException | NumberFormatException e) {
            return null;
        }
    }

    /** The fields of {@code data}, the parser on its start; {@code null} unless it is a complete trade. */
    private static FeedMessage.FeedTrade data(JsonParser parser, MarketsByVenueName markets) {
        String event = null;
        String symbol = null;
        long id = -1;
        long time = -1;
        String price = null;
        String size = null;
        TradeSide side = TradeSide.UNKNOWN;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "e" -> event = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "s" -> symbol = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "t" -> id = integral(parser, value);
                case "T" -> time = integral(parser, value);
                case "p" -> price = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "q" -> size = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "m" -> side = value == JsonToken.VALUE_TRUE ? TradeSide.SELL
                        : value == JsonToken.VALUE_FALSE ? TradeSide.BUY : TradeSide.UNKNOWN;
                default -> parser.skipChildren();
            }
        }
        if (!"trade".equals(event) || symbol == null || id < 0 || time < 0 || blank(price) || blank(size)) {
            return null;
        }
        FeedMarket market = markets.get(symbol);
        if (market == null) {
            return null;
        }
        return new FeedMessage.FeedTrade(market.symbol(), market.quote(), new BigDecimal(price.trim()),
                new BigDecimal(size.trim()), side, Long.toString(id), time);
    }

    /** A non-negative integer that fits a long, else -1 (the general path decides). */
    private static long integral(JsonParser parser, JsonToken value) {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            return -1;
        }
        JsonParser.NumberType type = parser.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG ? parser.getLongValue() : -1;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
