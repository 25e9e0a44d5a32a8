package io.tickstream.ingest.source.binance;

import io.tickstream.ingest.source.BarObservation;
import io.tickstream.ingest.source.HistorySource;
import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceHttpClient;
import io.tickstream.ingest.source.SourceHttpClientFactory;
import io.tickstream.ingest.source.SourcesProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binance klines, {@code GET /api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=&endTime=&limit=1000}: arrays of
 * [open time, open, high, low, close, base volume, close time, quote volume, trades, …], oldest first, 1,000 per
 * call (weight 2).
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.binance", name = "enabled", havingValue = "true")
final class BinanceHistory implements HistorySource {

    private final SourceHttpClient http;
    private final String quote;

    BinanceHistory(SourcesProperties sources, SourceHttpClientFactory clients) {
        this.http = clients.create(BinanceSource.NAME, sources.binance());
        this.quote = sources.binance().quoteCurrency().toUpperCase(Locale.ROOT);
    }

    @Override
    public String source() {
        return BinanceSource.NAME;
    }

    @Override
    public String quote() {
        return quote;
    }

    @Override
    public Duration page() {
        return Duration.ofMinutes(1000);
    }

    @Override
    public Mono<List<BarObservation>> bars(String symbol, long from, long to) {
        return http.getJson(uri -> uri.path("/api/v3/klines").queryParam("symbol", symbol + quote).queryParam("interval", "1m")
                        .queryParam("startTime", from).queryParam("endTime", to - 1).queryParam("limit", 1000).build())
                .map(answer -> {
                    if (!answer.isArray()) {
                        throw new SourceCallException.Malformed("/api/v3/klines answer is not an array");
                    }
                    List<BarObservation> bars = new ArrayList<>();
                    for (JsonNode k : answer) {
                        long open = k.path(0).asLong(-1);
                        if (open < from || open >= to) {
                            continue;
                        }
                        bars.add(new BarObservation(symbol, quote, open, JsonValues.requiredDecimal(k, 1, "open"),
                                JsonValues.requiredDecimal(k, 2, "high"), JsonValues.requiredDecimal(k, 3, "low"),
                                JsonValues.requiredDecimal(k, 4, "close"), JsonValues.requiredDecimal(k, 5, "volume"),
                                JsonValues.requiredDecimal(k, 7, "quote volume"), k.path(8).isNumber() ? k.path(8).asLong() : null));
                    }
                    return bars;
                });
    }
}
