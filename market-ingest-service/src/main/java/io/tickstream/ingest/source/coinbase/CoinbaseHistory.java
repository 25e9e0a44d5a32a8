package io.tickstream.ingest.source.coinbase;

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

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Coinbase Exchange candles, {@code GET /products/BTC-USD/candles?granularity=60&start=&end=}: arrays of
 * [time (s), low, high, open, close, base volume], newest first, 300 per call.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.coinbase", name = "enabled", havingValue = "true")
final class CoinbaseHistory implements HistorySource {

    private final SourceHttpClient http;
    private final String quote;

    CoinbaseHistory(SourcesProperties sources, SourceHttpClientFactory clients) {
        this.http = clients.create("coinbase", sources.coinbase());
        this.quote = sources.coinbase().quoteCurrency().toUpperCase(Locale.ROOT);
    }

    @Override
    public String source() {
        return "coinbase";
    }

    @Override
    public String quote() {
        return quote;
    }

    @Override
    public Duration page() {
        return Duration.ofMinutes(300);
    }

    @Override
    public Mono<List<BarObservation>> bars(String symbol, long from, long to) {
        return http.getJson(uri -> uri.path("/products/{id}/candles").queryParam("granularity", 60)
                        .queryParam("start", Instant.ofEpochMilli(from).toString())
                        .queryParam("end", Instant.ofEpochMilli(to - 60_000).toString()).build(symbol + "-" + quote))
                .map(answer -> {
                    if (!answer.isArray()) {
                        throw new SourceCallException.Malformed("/products/{id}/candles answer is not an array");
                    }
                    List<BarObservation> bars = new ArrayList<>();
                    for (JsonNode c : answer) {
                        long open = c.path(0).asLong(-1) * 1000;
                        if (open < from || open >= to) {
                            continue;
                        }
                        BigDecimal close = JsonValues.requiredDecimal(c, 4, "close");
                        BigDecimal volume = JsonValues.requiredDecimal(c, 5, "volume");
                        bars.add(new BarObservation(symbol, quote, open, JsonValues.requiredDecimal(c, 3, "open"),
                                JsonValues.requiredDecimal(c, 2, "high"), JsonValues.requiredDecimal(c, 1, "low"), close,
                                volume, volume.multiply(close), null));
                    }
                    bars.sort(Comparator.comparingLong(BarObservation::openTime));
                    return bars;
                });
    }
}
