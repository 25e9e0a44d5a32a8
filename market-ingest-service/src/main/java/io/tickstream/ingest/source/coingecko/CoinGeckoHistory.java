package io.tickstream.ingest.source.coingecko;

import io.tickstream.ingest.source.BarObservation;
import io.tickstream.ingest.source.HistorySource;
import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceHttpClient;
import io.tickstream.ingest.source.SourceHttpClientFactory;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CoinGecko's chart, {@code GET /coins/{id}/market_chart?vs_currency=usd&days=1}: {@code prices} as
 * [time (ms), price] pairs, 5 minutes apart for the last day (CoinGecko's automatic granularity; longer ranges come
 * hourly or daily, so the backfill reaches back one day). CoinGecko gives prices, not bars: each point becomes a
 * candle of its minute with one tick, open = high = low = close = the price, and no volume (its
 * {@code total_volumes} are rolling 24-hour sums, not the volume of a minute). The candles of the longer intervals
 * are derived from them as from any other minute candles. One call per symbol, inside CoinGecko's own budget.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.coingecko", name = "enabled", havingValue = "true")
final class CoinGeckoHistory implements HistorySource {

    private static final long MINUTE = 60_000;

    private final SourceHttpClient http;
    private final CoinGeckoIds ids;
    private final String quote;

    @Autowired
    CoinGeckoHistory(SourcesProperties sources, SourceHttpClientFactory clients) {
        this(sources.coingecko(), clients);
    }

    CoinGeckoHistory(SourceProperties properties, SourceHttpClientFactory clients) {
        Map<String, String> headers = properties.apiKey().isBlank()
                ? Map.of() : Map.of(CoinGeckoSource.API_KEY_HEADER, properties.apiKey().trim());
        this.http = clients.create(CoinGeckoSource.NAME, properties, headers, (h, throttle) -> { });
        this.ids = new CoinGeckoIds(properties.symbolIds());
        this.quote = properties.quoteCurrency().toUpperCase(Locale.ROOT);
    }

    @Override
    public String source() {
        return CoinGeckoSource.NAME;
    }

    @Override
    public String quote() {
        return quote;
    }

    @Override
    public Duration page() {
        return Duration.ofDays(1);
    }

    @Override
    public Duration reach() {
        return Duration.ofDays(1);
    }

    @Override
    public Mono<List<BarObservation>> bars(String symbol, long from, long to) {
        Optional<String> id = ids.idOf(symbol);
        if (id.isEmpty()) {
            return Mono.just(List.of()); // CoinGecko does not know the symbol: nothing to backfill, not a failure
        }
        return http.getJson(uri -> uri.path("/coins/{id}/market_chart").queryParam("vs_currency", "{vs}")
                        .queryParam("days", 1).build(id.get(), quote.toLowerCase(Locale.ROOT)))
                .map(answer -> points(answer, symbol, from, to));
    }

    private List<BarObservation> points(JsonNode answer, String symbol, long from, long to) {
        JsonNode prices = answer.path("prices");
        if (!prices.isArray()) {
            throw new SourceCallException.Malformed("coingecko market_chart answer has no 'prices' array");
        }
        List<BarObservation> bars = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (JsonNode point : prices) {
            long minute = Math.floorDiv(point.path(0).asLong(-1), MINUTE) * MINUTE;
            // the last point is the current price (its minute not closed yet); two points in a minute keep the first
            if (minute < from || minute >= to || minute <= last) {
                continue;
            }
            BigDecimal price = JsonValues.requiredDecimal(point, 1, "price");
            bars.add(new BarObservation(symbol, quote, minute, price, price, price, price, null, null, null));
            last = minute;
        }
        return bars;
    }
}
