package io.tickstream.query.trades;

import io.tickstream.common.market.TradeJson;
import io.tickstream.query.cache.CacheKeys;
import io.tickstream.query.cache.Cached;
import io.tickstream.query.cache.TwoTierCache;
import io.tickstream.query.problem.Problems;
import io.tickstream.query.state.MarketState;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/**
 * The recent trades of a symbol through cache-or-compute ({@link io.tickstream.query.cache.CacheType#TRADES}:
 * one second in L1). Parameters are checked first: a malformed symbol or {@code limit} is a 400, a symbol
 * with no quote seen a 404, as for candles; a known symbol without trades answers an empty list. The JSON is
 * {@link TradeJson#trades}, the shape of the WebSocket channel {@code trades:<SYMBOL>}.
 */
@Component
class TradeService {

    private final TradeRepository repository;
    private final TwoTierCache cache;
    private final MarketState state;
    private final TradesProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    TradeService(TradeRepository repository, TwoTierCache cache, MarketState state, TradesProperties properties,
                 JsonMapper json, Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.state = state;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** A checked trades question. */
    record Request(String symbol, int limit) {
    }

    Request request(String rawSymbol, String rawLimit) {
        String symbol = Problems.symbol(rawSymbol);
        int limit = Problems.bounded("limit", rawLimit, Math.min(properties.defaultLimit(), properties.maxLimit()),
                1, properties.maxLimit());
        if (!state.knows(symbol)) {
            throw Problems.unknownSymbol(symbol);
        }
        return new Request(symbol, limit);
    }

    Mono<Cached> trades(Request request) {
        return cache.get(CacheKeys.trades(request.symbol(), request.limit()), () -> repository
                .newest(request.symbol(), clock.instant().minus(properties.lookback()), request.limit())
                .map(TradeJson::trade)
                .collectList()
                .map(trades -> json.writeValueAsBytes(TradeJson.trades(request.symbol(), trades))));
    }
}
