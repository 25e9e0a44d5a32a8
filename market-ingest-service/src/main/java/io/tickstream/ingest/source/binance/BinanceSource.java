package io.tickstream.ingest.source.binance;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binance spot: one poll is a single {@code GET /api/v3/ticker/24hr?symbols=["BTCUSDT","ETHUSDT",...]}
 * for every tracked symbol against the quote currency (default {@code USDT}); see {@link BinanceTicker}
 * for the fields. Weight is watched through {@link BinanceUsedWeight}.
 *
 * <p>Binance rejects the whole call with HTTP 400 {@code {"code":-1121,"msg":"Invalid symbol."}} when
 * any one symbol is not listed. Then each symbol is asked alone once ({@code ?symbol=BTCUSDT}, in
 * order, one call each); the ones Binance rejects are remembered until restart, left out of later
 * polls and reported in every snapshot's unknown symbols, and the others' answers make this poll's
 * quotes. Any other failure, during the probe too, fails the poll.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.binance", name = "enabled", havingValue = "true")
final class BinanceSource implements MarketSource {

    static final String NAME = "binance";
    private static final String TICKER_PATH = "/api/v3/ticker/24hr";
    private static final Pattern INVALID_SYMBOL = Pattern.compile("\"code\"\\s*:\\s*-1121\\b");
    private static final Logger log = LoggerFactory.getLogger(BinanceSource.class);

    private final SourceHttpClient http;
    private final TrackedSymbols symbols;
    private final String quote;
    private final Clock clock;

    @Autowired
    BinanceSource(SourcesProperties sources, IngestProperties ingest, SourceHttpClientFactory clients, Clock clock) {
        this(sources.binance(), ingest.symbols(), clients, clock);
    }

    BinanceSource(SourceProperties properties, List<String> symbols, SourceHttpClientFactory clients, Clock clock) {
        this.http = clients.create(NAME, properties, Map.of(), new BinanceUsedWeight(properties.budget(), clock));
        this.symbols = new TrackedSymbols(NAME, symbols);
        this.quote = properties.quoteCurrency().toUpperCase(Locale.ROOT);
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<SourceSnapshot> fetch() {
        Map<String, String> symbolByPair = new LinkedHashMap<>();
        symbols.listed().forEach(s -> symbolByPair.put(s + quote, s));
        if (symbolByPair.isEmpty()) {
            return Mono.just(symbols.snapshot(List.of()));
        }
        return tickers(symbolByPair)
                .onErrorResume(BinanceSource::isInvalidSymbol, e -> probe(symbolByPair))
                .map(symbols::snapshot);
    }

    private Mono<List<QuoteObservation>> tickers(Map<String, String> symbolByPair) {
        String pairs = symbolByPair.keySet().stream().map(p -> '"' + p + '"').collect(Collectors.joining(",", "[", "]"));
        return http.getJson(uri -> uri.path(TICKER_PATH).queryParam("symbols", "{symbols}").build(pairs))
                .map(answer -> readAll(answer, symbolByPair));
    }

    private List<QuoteObservation> readAll(JsonNode answer, Map<String, String> symbolByPair) {
        if (!answer.isArray()) {
            throw new SourceCallException.Malformed(TICKER_PATH + " answer is not an array");
        }
        long receivedAt = clock.millis();
        List<QuoteObservation> quotes = new ArrayList<>();
        for (JsonNode ticker : answer) {
            String symbol = symbolByPair.get(JsonValues.text(ticker, "symbol"));
            if (symbol != null) {
                quotes.add(BinanceTicker.read(ticker, symbol, quote, receivedAt));
            }
        }
        return quotes;
    }

    /** Asks for each pair alone, once, to learn which ones Binance does not list. */
    private Mono<List<QuoteObservation>> probe(Map<String, String> symbolByPair) {
        return Flux.fromIterable(symbolByPair.entrySet())
                .concatMap(pair -> ticker(pair.getKey(), pair.getValue())
                        .onErrorResume(BinanceSource::isInvalidSymbol, e -> {
                            symbols.unlist(pair.getValue(), pair.getKey());
                            return Mono.empty();
                        }))
                .collectList();
    }

    private Mono<QuoteObservation> ticker(String pair, String symbol) {
        return http.getJson(uri -> uri.path(TICKER_PATH).queryParam("symbol", "{symbol}").build(pair))
                .map(answer -> {
                    if (!answer.isObject() || !pair.equals(JsonValues.text(answer, "symbol"))) {
                        throw new SourceCallException.Malformed(TICKER_PATH + "?symbol=" + pair + " answer is not its ticker");
                    }
                    return BinanceTicker.read(answer, symbol, quote, clock.millis());
                });
    }

    private static boolean isInvalidSymbol(Throwable e) {
        return e instanceof SourceCallException.Rejected rejected && rejected.status() == 400
                && INVALID_SYMBOL.matcher(rejected.body()).find();
    }
}
