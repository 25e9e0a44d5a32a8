package io.tickstream.ingest.source.kraken;

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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class KrakenSourceTests extends SourceHttpFailureContract {

    private static final List<String> ALL = List.of("BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "LTC", "LINK", "DOT", "AVAX");

    @Override
    protected MarketSource source(SourceProperties properties) {
        return source(properties, SourceFixtures.SYMBOLS);
    }

    private KrakenSource source(SourceProperties properties, List<String> symbols) {
        return new KrakenSource(properties, symbols, SourceFixtures.httpClients(clock), clock);
    }

    @Override
    protected String sourceName() {
        return "kraken";
    }

    @Test
    void mapsEveryTickerFieldExactly() {
        SourceSnapshot snapshot = fetch(source(properties()));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH", "SOL");
        assertThat(snapshot.unknownSymbols()).isEmpty();
        assertThat(snapshot.quotes().getFirst()).isEqualTo(new QuoteObservation("BTC", "USD",
                new BigDecimal("67187.30000"), null,
                new BigDecimal("2345.67890123").multiply(new BigDecimal("66987.65432")),
                null, new BigDecimal("67890.10000"), new BigDecimal("66100.50000"), clock.millis()));
        assertThat(snapshot.quotes().getFirst().volume24h()).isEqualTo(new BigDecimal("157131527.3813126628136"));
    }

    @Test
    void asksForKrakensPairNamesInOneCall() {
        fetch(source(properties(), List.of("BTC", "ETH", "DOGE")));

        assertThat(fake.requests("kraken")).singleElement().satisfies(request -> {
            assertThat(request.apiPath()).isEqualTo("/0/public/Ticker");
            assertThat(request.queryParam("pair")).isEqualTo("XBTUSD,ETHUSD,XDGUSD");
        });
    }

    @Test
    void mapsKrakensAnswerKeysBackToCanonicalSymbols() {
        fake.setPrice("BTC", "70000.1").setPrice("XRP", "0.61").setPrice("DOGE", "0.2").setPrice("SOL", "150.5");

        SourceSnapshot snapshot = fetch(source(properties(), ALL));

        Map<String, BigDecimal> prices = snapshot.quotes().stream()
                .collect(Collectors.toMap(QuoteObservation::symbol, QuoteObservation::price));
        assertThat(prices).hasSize(10)
                .containsEntry("BTC", new BigDecimal("70000.1"))
                .containsEntry("XRP", new BigDecimal("0.61"))
                .containsEntry("DOGE", new BigDecimal("0.2"))
                .containsEntry("SOL", new BigDecimal("150.5"))
                .containsEntry("ETH", new BigDecimal("3812.41000"))
                .containsEntry("LTC", new BigDecimal("83.40000"))
                .containsEntry("AVAX", new BigDecimal("35.862"));
        assertThat(snapshot.unknownSymbols()).isEmpty();
    }

    @Test
    void probesEachPairOnceAfterUnknownAssetPairAndLeavesTheUnknownOutLater() {
        KrakenSource source = source(properties(), List.of("BTC", "FOO", "SOL"));

        SourceSnapshot first = fetch(source);

        assertThat(first.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "SOL");
        assertThat(first.unknownSymbols()).containsExactly("FOO");
        assertThat(fake.requests("kraken")).extracting(r -> r.queryParam("pair"))
                .containsExactly("XBTUSD,FOOUSD,SOLUSD", "XBTUSD", "FOOUSD", "SOLUSD");

        fake.clearRequests();
        SourceSnapshot second = fetch(source);

        assertThat(second.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "SOL");
        assertThat(second.unknownSymbols()).containsExactly("FOO");
        assertThat(fake.requests("kraken")).extracting(RecordedRequest::queryParams)
                .singleElement().isEqualTo(Map.of("pair", List.of("XBTUSD,SOLUSD")));
    }

    @Test
    void rateLimitErrorInTheBodyPausesTheSource() {
        fake.failNext("kraken", Fault.status(200).body("{\"error\":[\"EAPI:Rate limit exceeded\"]}"));
        MarketSource source = source(properties());

        StepVerifier.create(source.fetch())
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(SourceCallException.RateLimited.class, limited -> {
                            assertThat(limited.status()).isEqualTo(200);
                            assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                        }))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(source.fetch())
                .expectError(SourceCallException.RateLimited.class)
                .verify(Duration.ofSeconds(10));

        assertThat(fake.requestCount("kraken")).isOne();
    }

    @Test
    void serviceUnavailableErrorIsRetryable() {
        fake.failNext("kraken", Fault.status(200).body("{\"error\":[\"EService:Unavailable\"]}"));

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Retryable.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void otherErrorsAreRejectedWithoutProbing() {
        fake.failNext("kraken", Fault.status(200).body("{\"error\":[\"EGeneral:Invalid arguments\"]}"));

        StepVerifier.create(source(properties()).fetch())
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(SourceCallException.Rejected.class,
                                rejected -> assertThat(rejected.body()).contains("EGeneral:Invalid arguments")))
                .verify(Duration.ofSeconds(10));
        assertThat(fake.requestCount("kraken")).isOne();
    }

    @Test
    void answerWithoutErrorArrayOrResultIsMalformed() {
        fake.failNext("kraken", Fault.status(200).body("{\"result\":{}}"))
                .failNext("kraken", Fault.status(200).body("{\"error\":[]}"));
        MarketSource source = source(properties());

        StepVerifier.create(source.fetch()).expectError(SourceCallException.Malformed.class).verify(Duration.ofSeconds(10));
        StepVerifier.create(source.fetch()).expectError(SourceCallException.Malformed.class).verify(Duration.ofSeconds(10));
    }

    @Test
    void aPairWithoutItsLastTradeIsMalformed() {
        fake.patch("kraken", "ETH", "c", "[]");

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }
}
