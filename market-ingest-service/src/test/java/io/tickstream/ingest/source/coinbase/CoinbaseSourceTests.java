package io.tickstream.ingest.source.coinbase;

import io.tickstream.ingest.fake.Fault;
import io.tickstream.ingest.fake.RecordedRequest;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceFixtures;
import io.tickstream.ingest.source.SourceHttpFailureContract;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourceSnapshot;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoinbaseSourceTests extends SourceHttpFailureContract {

    private static final List<String> ALL = List.of("BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "LTC", "LINK", "DOT", "AVAX");

    /**
     * One symbol, so each poll is one call: with several concurrent calls a request still in flight
     * when the first failure ends the poll could reach the fake after the count was taken.
     */
    @Override
    protected MarketSource source(SourceProperties properties) {
        return source(properties, List.of("BTC"));
    }

    private CoinbaseSource source(SourceProperties properties, List<String> symbols) {
        return new CoinbaseSource(properties, symbols, SourceFixtures.httpClients(clock), clock);
    }

    @Override
    protected String sourceName() {
        return "coinbase";
    }

    @Test
    void mapsEveryTickerFieldExactlyInSymbolOrder() {
        SourceSnapshot snapshot = fetch(source(properties(), SourceFixtures.SYMBOLS));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH", "SOL");
        assertThat(snapshot.unknownSymbols()).isEmpty();
        assertThat(snapshot.quotes().getFirst()).isEqualTo(new QuoteObservation("BTC", "USD",
                new BigDecimal("67187.33"), null, new BigDecimal("663578567.9753728834") /* volume 9876.54321098 x price */,
                null, null, null,
                Instant.parse("2024-06-01T12:00:04.123Z").toEpochMilli()));
    }

    @Test
    void asksForEachProductOnce() {
        fetch(source(properties(), SourceFixtures.SYMBOLS));

        assertThat(fake.requests("coinbase")).extracting(RecordedRequest::apiPath)
                .containsExactlyInAnyOrder("/products/BTC-USD/ticker", "/products/ETH-USD/ticker", "/products/SOL-USD/ticker");
    }

    @Test
    void keepsAtMostFourCallsInFlight() {
        fake.failNext("coinbase", ALL.size(), Fault.delay(Duration.ofMillis(250)));

        SourceSnapshot snapshot = fetch(source(properties(), ALL));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactlyElementsOf(ALL);
        List<Instant> arrivals = fake.requests("coinbase").stream().map(RecordedRequest::at).sorted().toList();
        assertThat(Duration.between(arrivals.getFirst(), arrivals.get(CoinbaseSource.CONCURRENCY)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void notFoundMakesASymbolUnknownAndLeavesItOutLater() {
        CoinbaseSource source = source(properties(), List.of("BTC", "FOO", "ETH"));

        SourceSnapshot first = fetch(source);

        assertThat(first.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH");
        assertThat(first.unknownSymbols()).containsExactly("FOO");

        fake.clearRequests();
        SourceSnapshot second = fetch(source);

        assertThat(second.unknownSymbols()).containsExactly("FOO");
        assertThat(fake.requests("coinbase")).extracting(RecordedRequest::apiPath)
                .containsExactlyInAnyOrder("/products/BTC-USD/ticker", "/products/ETH-USD/ticker");
    }

    @Test
    void returnsTheSymbolsThatAnsweredWhenOthersFail() {
        fake.failNext("/coinbase/products/ETH-USD", Fault.status(503))
                .failNext("/coinbase/products/SOL-USD", Fault.malformedJson());

        SourceSnapshot snapshot = fetch(source(properties(), SourceFixtures.SYMBOLS));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC");
        assertThat(snapshot.unknownSymbols()).isEmpty();
    }

    @Test
    void failsThePollWhenNoSymbolAnswered() {
        fake.failNext("coinbase", 3, Fault.status(503));

        StepVerifier.create(source(properties(), SourceFixtures.SYMBOLS).fetch())
                .expectError(SourceCallException.Retryable.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aRateLimitOnOneSymbolFailsThePoll() {
        fake.failNext("/coinbase/products/ETH-USD", Fault.status(429).header("Retry-After", "3"));

        StepVerifier.create(source(properties(), SourceFixtures.SYMBOLS).fetch())
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(SourceCallException.RateLimited.class,
                                limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(3))))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void onlyUnknownSymbolsIsAnEmptyPollNotAFailure() {
        SourceSnapshot snapshot = fetch(source(properties(), List.of("FOO", "BAR")));

        assertThat(snapshot.quotes()).isEmpty();
        assertThat(snapshot.unknownSymbols()).containsExactly("FOO", "BAR");
    }
}
