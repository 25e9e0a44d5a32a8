package io.tickstream.ingest.source.kraken;

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
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kraken: one poll is {@code GET /0/public/Ticker?pair=XBTUSD,ETHUSD,...}; see {@link KrakenPairs} for
 * the names and {@link KrakenTicker} for the fields.
 *
 * <p>Kraken answers errors with HTTP 200 and a non-empty {@code error} array. An unknown pair fails the
 * whole call with {@code EQuery:Unknown asset pair}; then each pair is asked alone once, in order; the
 * ones Kraken does not know are remembered until restart, left out of later polls and reported in every
 * snapshot's unknown symbols, and the others' answers make this poll's quotes. Other errors map as:
 * {@code EAPI:Rate limit exceeded} and {@code EGeneral:Too many requests} to
 * {@link SourceCallException.RateLimited} (status 200) with the throttle paused for the source's
 * {@code retry.defaultRetryAfter}, since Kraken sends no {@code Retry-After}; {@code EService:*}
 * (unavailable, busy) to {@link SourceCallException.Retryable}; anything else to
 * {@link SourceCallException.Rejected} (status 200, body the error array).
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.kraken", name = "enabled", havingValue = "true")
final class KrakenSource implements MarketSource {

    static final String NAME = "kraken";
    static final String UNKNOWN_PAIR = "EQuery:Unknown asset pair";
    private static final Logger log = LoggerFactory.getLogger(KrakenSource.class);

    private final SourceHttpClient http;
    private final TrackedSymbols symbols;
    private final KrakenPairs pairs;
    private final String quote;
    private final Duration rateLimitPause;
    private final Clock clock;

    @Autowired
    KrakenSource(SourcesProperties sources, IngestProperties ingest, SourceHttpClientFactory clients, Clock clock) {
        this(sources.kraken(), ingest.symbols(), clients, clock);
    }

    KrakenSource(SourceProperties properties, List<String> symbols, SourceHttpClientFactory clients, Clock clock) {
        this.http = clients.create(NAME, properties);
        this.symbols = new TrackedSymbols(NAME, symbols);
        this.quote = properties.quoteCurrency().toUpperCase(Locale.ROOT);
        this.pairs = new KrakenPairs(symbols, quote);
        this.rateLimitPause = properties.retry().defaultRetryAfter();
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<SourceSnapshot> fetch() {
        List<String> listed = symbols.listed();
        if (listed.isEmpty()) {
            return Mono.just(symbols.snapshot(List.of()));
        }
        return tickers(listed)
                .onErrorResume(KrakenSource::isUnknownPair, e -> probe(listed))
                .map(symbols::snapshot);
    }

    private Mono<List<QuoteObservation>> tickers(List<String> requested) {
        String pairList = String.join(",", requested.stream().map(pairs::pairOf).toList());
        return http.getJson(uri -> uri.path("/0/public/Ticker").queryParam("pair", "{pairs}").build(pairList))
                .map(answer -> read(answer, requested));
    }

    /** Asks for each pair alone, once, to learn which ones Kraken does not know. */
    private Mono<List<QuoteObservation>> probe(List<String> requested) {
        return Flux.fromIterable(requested)
                .concatMap(symbol -> tickers(List.of(symbol))
                        .onErrorResume(KrakenSource::isUnknownPair, e -> {
                            symbols.unlist(symbol, pairs.pairOf(symbol));
                            return Mono.just(List.of());
                        }))
                .collectList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private List<QuoteObservation> read(JsonNode answer, List<String> requested) {
        JsonNode result = result(answer);
        long receivedAt = clock.millis();
        List<QuoteObservation> quotes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : result.properties()) {
            pairs.symbolOf(entry.getKey())
                    .filter(requested::contains)
                    .filter(symbol -> quotes.stream().noneMatch(q -> q.symbol().equals(symbol)))
                    .ifPresentOrElse(
                            symbol -> quotes.add(KrakenTicker.read(entry.getValue(), symbol, quote, receivedAt)),
                            () -> log.debug("{} answered pair {} that was not asked for", NAME, entry.getKey()));
        }
        return quotes;
    }

    private JsonNode result(JsonNode answer) {
        JsonNode errors = answer.path("error");
        if (!errors.isArray()) {
            throw new SourceCallException.Malformed("Kraken answer has no 'error' array");
        }
        if (!errors.isEmpty()) {
            throw failure(errors);
        }
        JsonNode result = answer.path("result");
        if (!result.isObject()) {
            throw new SourceCallException.Malformed("Kraken answer has no 'result' object");
        }
        return result;
    }

    private SourceCallException failure(JsonNode errors) {
        List<String> messages = errors.valueStream().map(JsonNode::asString).toList();
        if (messages.stream().anyMatch(m -> m.startsWith("EAPI:Rate limit") || m.startsWith("EGeneral:Too many requests"))) {
            http.throttle().pauseUntil(clock.instant().plus(rateLimitPause), String.join(", ", messages));
            return new SourceCallException.RateLimited(200, rateLimitPause,
                    NAME + " answered " + messages + ", retry after " + rateLimitPause.toSeconds() + " s");
        }
        if (messages.stream().anyMatch(m -> m.startsWith("EService:"))) {
            return new SourceCallException.Retryable(NAME + " answered " + messages);
        }
        return new SourceCallException.Rejected(200, errors.toString());
    }

    private static boolean isUnknownPair(Throwable e) {
        return e instanceof SourceCallException.Rejected rejected && rejected.body().contains(UNKNOWN_PAIR);
    }
}
