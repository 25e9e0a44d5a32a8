package io.tickstream.ingest.source.kraken;

import io.tickstream.ingest.IngestProperties;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kraken OHLC, {@code GET /0/public/OHLC?pair=XBTUSD&interval=1&since=<s>}: {@code result.<pair>} arrays of
 * [time (s), open, high, low, close, vwap, volume, count], oldest first. Kraken serves only the last 720 bars
 * of an interval, so its 1-minute history reaches back 12 hours.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.kraken", name = "enabled", havingValue = "true")
final class KrakenHistory implements HistorySource {

    private final SourceHttpClient http;
    private final String quote;
    private final KrakenPairs pairs;

    KrakenHistory(SourcesProperties sources, IngestProperties ingest, SourceHttpClientFactory clients) {
        this.http = clients.create("kraken", sources.kraken());
        this.quote = sources.kraken().quoteCurrency().toUpperCase(Locale.ROOT);
        this.pairs = new KrakenPairs(ingest.symbols(), quote);
    }

    @Override
    public String source() {
        return "kraken";
    }

    @Override
    public String quote() {
        return quote;
    }

    @Override
    public Duration page() {
        return Duration.ofMinutes(720);
    }

    @Override
    public Duration reach() {
        return Duration.ofMinutes(719);
    }

    @Override
    public Mono<List<BarObservation>> bars(String symbol, long from, long to) {
        String pair = pairs.pairOf(symbol);
        return http.getJson(uri -> uri.path("/0/public/OHLC").queryParam("pair", pair).queryParam("interval", 1)
                        .queryParam("since", from / 1000 - 1).build())
                .map(answer -> {
                    JsonNode errors = answer.path("error");
                    if (errors.isArray() && !errors.isEmpty()) {
                        throw new SourceCallException.Malformed("kraken OHLC error: " + errors);
                    }
                    List<BarObservation> bars = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> entry : answer.path("result").properties()) {
                        if (entry.getKey().equals("last") || pairs.symbolOf(entry.getKey()).isEmpty()) {
                            continue;
                        }
                        for (JsonNode c : entry.getValue()) {
                            long open = c.path(0).asLong(-1) * 1000;
                            if (open < from || open >= to) {
                                continue;
                            }
                            BigDecimal volume = JsonValues.requiredDecimal(c, 6, "volume");
                            BigDecimal vwap = JsonValues.requiredDecimal(c, 5, "vwap");
                            bars.add(new BarObservation(symbol, quote, open, JsonValues.requiredDecimal(c, 1, "open"),
                                    JsonValues.requiredDecimal(c, 2, "high"), JsonValues.requiredDecimal(c, 3, "low"),
                                    JsonValues.requiredDecimal(c, 4, "close"), volume, volume.multiply(vwap),
                                    c.path(7).isNumber() ? c.path(7).asLong() : null));
                        }
                    }
                    return bars;
                });
    }
}
