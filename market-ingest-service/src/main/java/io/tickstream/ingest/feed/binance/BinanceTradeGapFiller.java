package io.tickstream.ingest.feed.binance;

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
import java.util.Locale;

/**
 * Binance's recent trades, {@code GET /api/v3/trades?symbol=BTCUSDT&limit=1000} (public, no key; the most recent
 * 1,000 at most): {@code id}, {@code price}, {@code qty}, {@code time}, {@code isBuyerMaker}. A gap older than
 * that stays counted, unfilled.
 */
public final class BinanceTradeGapFiller implements TradeGapFiller {

    private static final int MAX = 1000;
    private final SourceHttpClient http;

    public BinanceTradeGapFiller(SourceHttpClient http) {
        this.http = http;
    }

    @Override
    public Mono<List<FeedMessage.FeedTrade>> missing(FeedMarket market, long lastSeen, long next) {
        String pair = market.venueName().toUpperCase(Locale.ROOT);
        return http.getJson(uri -> uri.path("/api/v3/trades").queryParam("symbol", pair).queryParam("limit", MAX).build())
                .map(answer -> {
                    if (!answer.isArray()) {
                        throw new SourceCallException.Malformed("/api/v3/trades answer is not an array");
                    }
                    List<FeedMessage.FeedTrade> trades = new ArrayList<>();
                    for (JsonNode t : answer) {
                        long id = t.path("id").asLong(-1);
                        if (id > lastSeen && id < next) {
                            Long time = JsonValues.epochMillis(t, "time");
                            trades.add(new FeedMessage.FeedTrade(market.symbol(), market.quote(),
                                    JsonValues.requiredDecimal(t, "price"), JsonValues.requiredDecimal(t, "qty"),
                                    t.path("isBuyerMaker").asBoolean() ? TradeSide.SELL : TradeSide.BUY,
                                    Long.toString(id), time == null ? 0 : time));
                        }
                    }
                    return trades;
                });
    }
}
