package io.tickstream.ingest.source.coingecko;

import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceHttpClient;
import io.tickstream.ingest.source.SourceHttpClientFactory;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.SourcesProperties;
import io.tickstream.ingest.source.TrackedSymbols;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CoinGecko: one poll is {@code GET /coins/markets?vs_currency=usd&ids=bitcoin,ethereum,...
 * &price_change_percentage=24h} for the quotes, then {@code GET /global} for a market summary. Both
 * must succeed for the poll to succeed; the summary call is skipped when the markets call fails, so
 * a rate-limited source is not asked twice.
 *
 * <p>Quotes carry CoinGecko's aggregated {@code current_price}, {@code price_change_percentage_24h},
 * {@code total_volume} (already in the quote currency), {@code market_cap}, {@code high_24h},
 * {@code low_24h} and {@code last_updated}; any of them may be {@code null} at CoinGecko and then
 * stays {@code null} here. A tracked symbol without a CoinGecko id (see {@link CoinGeckoIds}), or
 * whose id CoinGecko leaves out of the answer, is reported unknown. The demo API key, when
 * configured, is sent as {@code x-cg-demo-api-key}. The quote currency is the source's
 * {@code quoteCurrency} (default USD), sent lower-cased as {@code vs_currency}.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.coingecko", name = "enabled", havingValue = "true")
final class CoinGeckoSource implements MarketSource {

    static final String NAME = "coingecko";
    static final String API_KEY_HEADER = "x-cg-demo-api-key";

    private final SourceHttpClient http;
    private final TrackedSymbols symbols;
    private final CoinGeckoIds ids;
    private final String quote;
    private final Clock clock;

    @Autowired
    CoinGeckoSource(SourcesProperties sources, IngestProperties ingest, SourceHttpClientFactory clients, Clock clock) {
        this(sources.coingecko(), ingest.symbols(), clients, clock);
    }

    CoinGeckoSource(SourceProperties properties, List<String> symbols, SourceHttpClientFactory clients, Clock clock) {
        Map<String, String> headers = properties.apiKey().isBlank()
                ? Map.of() : Map.of(API_KEY_HEADER, properties.apiKey().trim());
        this.http = clients.create(NAME, properties, headers, (h, throttle) -> { });
        this.symbols = new TrackedSymbols(NAME, symbols);
        this.ids = new CoinGeckoIds(properties.symbolIds());
        this.quote = properties.quoteCurrency().toUpperCase(Locale.ROOT);
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<SourceSnapshot> fetch() {
        return markets().flatMap(quotes -> summary().map(quotes::plus));
    }

    private Mono<SourceSnapshot> markets() {
        Map<String, String> symbolById = new LinkedHashMap<>();
        symbols.listed().forEach(symbol -> ids.idOf(symbol).ifPresent(id -> symbolById.putIfAbsent(id, symbol)));
        if (symbolById.isEmpty()) {
            return Mono.just(symbols.snapshot(List.of()));
        }
        String vsCurrency = quote.toLowerCase(Locale.ROOT);
        return http.getJson(uri -> uri.path("/coins/markets")
                        .queryParam("vs_currency", "{vs}")
                        .queryParam("ids", "{ids}")
                        .queryParam("price_change_percentage", "24h")
                        .build(vsCurrency, String.join(",", symbolById.keySet())))
                .map(answer -> readMarkets(answer, symbolById));
    }

    private SourceSnapshot readMarkets(JsonNode answer, Map<String, String> symbolById) {
        if (!answer.isArray()) {
            throw new SourceCallException.Malformed("/coins/markets answer is not an array");
        }
        long receivedAt = clock.millis();
        List<QuoteObservation> quotes = new ArrayList<>();
        for (JsonNode coin : answer) {
            String symbol = symbolById.get(JsonValues.text(coin, "id"));
            if (symbol != null && quotes.stream().noneMatch(q -> q.symbol().equals(symbol))) {
                quotes.add(readCoin(coin, symbol, receivedAt));
            }
        }
        return symbols.snapshot(quotes);
    }

    private QuoteObservation readCoin(JsonNode coin, String symbol, long receivedAt) {
        Long updated = JsonValues.isoTime(coin, "last_updated");
        return new QuoteObservation(symbol, quote,
                JsonValues.decimal(coin, "current_price"),
                JsonValues.decimal(coin, "price_change_percentage_24h"),
                JsonValues.decimal(coin, "total_volume"),
                JsonValues.decimal(coin, "market_cap"),
                JsonValues.decimal(coin, "high_24h"),
                JsonValues.decimal(coin, "low_24h"),
                updated == null ? receivedAt : updated);
    }

    private Mono<SourceSnapshot> summary() {
        return http.getJson(uri -> uri.path("/global").build())
                .map(answer -> SourceSnapshot.ofSummary(CoinGeckoGlobal.read(answer, clock.millis())));
    }
}
