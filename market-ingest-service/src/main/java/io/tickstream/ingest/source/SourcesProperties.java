package io.tickstream.ingest.source;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every source's settings, under {@code tickstream.ingest.sources.<name>.}; defaults per source are
 * in {@code application.yml}. Environment variables override any of them, e.g.
 * {@code TICKSTREAM_INGEST_SOURCES_BINANCE_ENABLED=false},
 * {@code TICKSTREAM_INGEST_SOURCES_KRAKEN_BASEURL=http://localhost:8089}.
 *
 * @param coingecko CoinGecko ({@code /coins/markets}, {@code /global})
 * @param binance   Binance spot ({@code /api/v3/ticker/24hr})
 * @param kraken    Kraken ({@code /0/public/Ticker})
 * @param coinbase  Coinbase Exchange ({@code /products/{id}/ticker})
 * @param feargreed alternative.me Fear &amp; Greed ({@code /fng/})
 * @param simulated seeded random walk for offline demos; only on request
 */
@Validated
@ConfigurationProperties("tickstream.ingest.sources")
public record SourcesProperties(
        @Valid @NotNull SourceProperties coingecko,
        @Valid @NotNull SourceProperties binance,
        @Valid @NotNull SourceProperties kraken,
        @Valid @NotNull SourceProperties coinbase,
        @Valid @NotNull SourceProperties feargreed,
        @Valid @NotNull SourceProperties simulated) {

    /** Settings by source name. */
    public Map<String, SourceProperties> byName() {
        Map<String, SourceProperties> all = new LinkedHashMap<>();
        all.put("coingecko", coingecko);
        all.put("binance", binance);
        all.put("kraken", kraken);
        all.put("coinbase", coinbase);
        all.put("feargreed", feargreed);
        all.put("simulated", simulated);
        return all;
    }
}
