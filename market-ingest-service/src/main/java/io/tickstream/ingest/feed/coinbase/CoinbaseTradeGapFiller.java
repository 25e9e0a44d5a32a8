package io.tickstream.ingest.feed.coinbase;

import io.tickstream.common.event.TradeSide;
import io.tickstream.ingest.feed.FeedMarket;
import io.tickstream.ingest.feed.FeedMessage;
import io.tickstream.ingest.feed.TradeGapFiller;
import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceHttpClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Coinbase Exchange's trades before a cursor, {@code GET /products/BTC-USD/trades?after=<next>&limit=<n>}
 * (public; {@code after} pages to older trades, newest first, up to 1,000): {@code trade_id}, {@code price},
 * {@code size}, {@code time}, {@code side} (the maker's, so the taker's is the other one).
 */
public final class CoinbaseTradeGapFiller implements TradeGapFiller {

    private static final long MAX = 1000;
    private final SourceHttpClient http;

    public CoinbaseTradeGapFiller(SourceHttpClient http) {
        this.http = http;
    }

    @Override
    public Mono<List<FeedMessage.FeedTrade>> missing(FeedMarket market, long lastSeen, long next) {
        long limit = Math.min(MAX, next - lastSeen - 1);
        return http.getJson(uri -> uri.path("/products/{id}/trades").queryParam("after", next).queryParam("limit", limit)
                        .build(market.venueName()))
                .map(answer -> {
                    if (!answer.isArray()) {
                        throw new SourceCallException.Malformed("/products/{id}/trades answer is not an array");
                    }
                    List<FeedMessage.FeedTrade> trades = new ArrayList<>();
                    for (JsonNode t : answer) {
                        long id = t.path("trade_id").asLong(-1);
                        if (id > lastSeen && id < next) {
                            Long time = JsonValues.isoTime(t, "time");
                            TradeSide taker = switch (String.valueOf(JsonValues.text(t, "side"))) {
                                case "buy" -> TradeSide.SELL;
                                case "sell" -> TradeSide.BUY;
                                default -> TradeSide.UNKNOWN;
                            };
                            trades.add(new FeedMessage.FeedTrade(market.symbol(), market.quote(),
                                    JsonValues.requiredDecimal(t, "price"), JsonValues.requiredDecimal(t, "size"), taker,
                                    Long.toString(id), time == null ? 0 : time));
                        }
                    }
                    return trades.reversed();
                });
    }
}
