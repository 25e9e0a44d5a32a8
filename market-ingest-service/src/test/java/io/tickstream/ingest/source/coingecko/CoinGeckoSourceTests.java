package io.tickstream.ingest.source.coingecko;

import io.tickstream.ingest.fake.Fault;
import io.tickstream.ingest.fake.RecordedRequest;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceFixtures;
import io.tickstream.ingest.source.SourceHttpFailureContract;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.SummaryObservation;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CoinGeckoSourceTests extends SourceHttpFailureContract {

    @Override
    protected MarketSource source(SourceProperties properties) {
        return source(properties, SourceFixtures.SYMBOLS);
    }

    private CoinGeckoSource source(SourceProperties properties, List<String> symbols) {
        return new CoinGeckoSource(properties, symbols, SourceFixtures.httpClients(clock), clock);
    }

    @Override
    protected String sourceName() {
        return "coingecko";
    }

    @Test
    void mapsEveryMarketFieldExactly() {
        SourceSnapshot snapshot = fetch(source(properties()));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH", "SOL");
        assertThat(snapshot.unknownSymbols()).isEmpty();
        assertThat(snapshot.quotes().getFirst()).isEqualTo(new QuoteObservation("BTC", "USD",
                new BigDecimal("67187.33"), new BigDecimal("1.22407"), new BigDecimal("28123456789"),
                new BigDecimal("1324567890123"), new BigDecimal("67890.12"), new BigDecimal("66100.5"),
                Instant.parse("2024-06-01T12:00:05.123Z").toEpochMilli()));
    }

    @Test
    void mapsTheGlobalSummaryExactly() {
        SourceSnapshot snapshot = fetch(source(properties()));

        assertThat(snapshot.summaries()).containsExactly(new SummaryObservation(
                new BigDecimal("2567890123456.78"), new BigDecimal("98765432109.87"),
                new BigDecimal("51.62340912345678"), new BigDecimal("17.83612345678901"),
                new BigDecimal("1.045678912345"), 14123, null, null, 1_717_243_200_000L));
    }

    @Test
    void asksForTheTrackedCoinsByIdThenTheGlobalFigures() {
        fetch(source(properties()));

        List<RecordedRequest> requests = fake.requests("coingecko");
        assertThat(requests).extracting(RecordedRequest::apiPath).containsExactly("/coins/markets", "/global");
        RecordedRequest markets = requests.getFirst();
        assertThat(markets.queryParam("vs_currency")).isEqualTo("usd");
        assertThat(markets.queryParam("ids")).isEqualTo("bitcoin,ethereum,solana");
        assertThat(markets.queryParam("price_change_percentage")).isEqualTo("24h");
    }

    @Test
    void keepsThePriceAsWrittenWithoutFloatDrift() {
        fake.setPrice("BTC", "68000.10");

        QuoteObservation btc = fetch(source(properties())).quotes().getFirst();

        assertThat(btc.price()).isEqualTo(new BigDecimal("68000.10"));
        assertThat(btc.price().toPlainString()).isEqualTo("68000.10");
    }

    @Test
    void nullFieldsStayNullAndAMissingTimeIsTheReceiveTime() {
        fake.patch("coingecko", "ETH", "market_cap", "null")
                .patch("coingecko", "ETH", "high_24h", "null")
                .patch("coingecko", "ETH", "price_change_percentage_24h", "null")
                .patch("coingecko", "ETH", "last_updated", "null");

        QuoteObservation eth = fetch(source(properties())).quotes().get(1);

        assertThat(eth.marketCap()).isNull();
        assertThat(eth.high24h()).isNull();
        assertThat(eth.change24hPct()).isNull();
        assertThat(eth.low24h()).isEqualTo(new BigDecimal("3741.02"));
        assertThat(eth.sourceTime()).isEqualTo(clock.millis());
    }

    @Test
    void reportsSymbolsWithoutIdOrLeftOutAsUnknownAndReturnsTheRest() {
        fake.unlist("coingecko", "ETH");
        SourceProperties properties = SourceFixtures.withSymbolIds(properties(), Map.of("pepe", "pepe"));

        SourceSnapshot snapshot = fetch(source(properties, List.of("BTC", "FOO", "ETH", "PEPE")));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC");
        assertThat(snapshot.unknownSymbols()).containsExactly("FOO", "ETH", "PEPE");
        assertThat(fake.requests("coingecko").getFirst().queryParam("ids")).isEqualTo("bitcoin,ethereum,pepe");
    }

    @Test
    void skipsTheMarketsCallWhenNoSymbolHasAnId() {
        SourceSnapshot snapshot = fetch(source(properties(), List.of("FOO")));

        assertThat(snapshot.quotes()).isEmpty();
        assertThat(snapshot.unknownSymbols()).containsExactly("FOO");
        assertThat(snapshot.summaries()).hasSize(1);
        assertThat(fake.requests("coingecko")).extracting(RecordedRequest::apiPath).containsExactly("/global");
    }

    @Test
    void sendsTheDemoApiKeyOnEveryCallWhenConfigured() {
        fetch(source(SourceFixtures.withApiKey(properties(), "CG-demo-key")));

        assertThat(fake.requests("coingecko")).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("x-cg-demo-api-key")).isEqualTo("CG-demo-key"));
    }

    @Test
    void sendsNoApiKeyHeaderWithoutAKey() {
        fetch(source(properties()));

        assertThat(fake.requests("coingecko")).allSatisfy(r -> assertThat(r.header("x-cg-demo-api-key")).isNull());
    }

    @Test
    void failsThePollWhenTheGlobalCallFails() {
        fake.failNext("/coingecko/api/v3/global", Fault.status(502));

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Retryable.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void globalAnswerWithoutDataIsMalformed() {
        fake.failNext("/coingecko/api/v3/global", Fault.status(200).body("{\"status\":{\"error_code\":0}}"));

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void nonNumericPriceIsMalformed() {
        fake.patch("coingecko", "BTC", "current_price", "\"n/a\"");

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }
}
