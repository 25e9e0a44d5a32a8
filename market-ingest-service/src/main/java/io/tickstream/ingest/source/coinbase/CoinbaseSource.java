package io.tickstream.ingest.source.coinbase;

import io.tickstream.ingest.IngestProperties;
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

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Coinbase Exchange: one poll is a {@code GET /products/BTC-USD/ticker} per tracked symbol, at most
 * {@value #CONCURRENCY} at a time; see {@link CoinbaseTicker} for the fields.
 *
 * <p>A product Coinbase does not list answers 404 {@code {"message":"NotFound"}}: the symbol is
 * remembered as unknown until restart, left out of later polls and reported in every snapshot. Other
 * failures are per symbol: a rate limit ({@link SourceCallException.RateLimited}, ours or Coinbase's)
 * fails the whole poll at once, because the throttle now holds back every symbol of the source and
 * the resilience layer must see it; any other failure (5xx, timeout, malformed answer, other 4xx) is
 * logged and the poll returns the symbols that did answer (the HTTP client counts the failure). Only
 * when no symbol answered does the poll fail, with the first failure in symbol order.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.coinbase", name = "enabled", havingValue = "true")
final class CoinbaseSource implements MarketSource {

    static final String NAME = "coinbase";
    static final int CONCURRENCY = 4;
    private static final Logger log = LoggerFactory.getLogger(CoinbaseSource.class);

    private final SourceHttpClient http;
    private final TrackedSymbols symbols;
    private final String quote;
    private final Clock clock;

    @Autowired
    CoinbaseSource(SourcesProperties sources, IngestProperties ingest, SourceHttpClientFactory clients, Clock clock) {
        this(sources.coinbase(), ingest.symbols(), clients, clock);
    }

    CoinbaseSource(SourceProperties properties, List<String> symbols, SourceHttpClientFactory clients, Clock clock) {
        this.http = clients.create(NAME, properties);
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
        return Flux.fromIterable(symbols.listed())
                .flatMapSequential(this::outcome, CONCURRENCY)
                .collectList()
                .flatMap(this::snapshot);
    }

    /** One symbol's ticker; a rate limit stays an error and ends the poll, other failures become data. */
    private Mono<Outcome> outcome(String symbol) {
        String product = symbol + "-" + quote;
        return http.getJson(uri -> uri.path("/products/{product}/ticker").build(product))
                .map(answer -> new Outcome(symbol, CoinbaseTicker.read(answer, symbol, quote, clock.millis()), null))
                .onErrorResume(e -> !(e instanceof SourceCallException.RateLimited), e -> {
                    if (isNotFound(e)) {
                        symbols.unlist(symbol, product);
                        return Mono.just(new Outcome(symbol, null, null));
                    }
                    return Mono.just(new Outcome(symbol, null, e));
                });
    }

    private Mono<SourceSnapshot> snapshot(List<Outcome> outcomes) {
        List<QuoteObservation> quotes = outcomes.stream().map(Outcome::quote).filter(Objects::nonNull).toList();
        List<Throwable> failures = outcomes.stream().map(Outcome::failure).filter(Objects::nonNull).toList();
        if (quotes.isEmpty() && !failures.isEmpty()) {
            return Mono.error(failures.getFirst());
        }
        outcomes.stream().filter(o -> o.failure() != null).forEach(o ->
                log.warn("{} poll without {}: {}", NAME, o.symbol(), o.failure().toString()));
        return Mono.just(SourceSnapshot.ofQuotes(quotes, symbols.unlisted()));
    }

    private static boolean isNotFound(Throwable e) {
        return e instanceof SourceCallException.Rejected rejected && rejected.status() == 404;
    }

    /** What one symbol's call gave: a quote, nothing (not listed), or a failure. */
    private record Outcome(String symbol, QuoteObservation quote, Throwable failure) {
    }
}
