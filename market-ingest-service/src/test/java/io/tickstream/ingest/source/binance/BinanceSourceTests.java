package io.tickstream.ingest.source.binance;

import io.tickstream.ingest.fake.Fault;
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

class BinanceSourceTests extends SourceHttpFailureContract {

    @Override
    protected MarketSource source(SourceProperties properties) {
        return source(properties, SourceFixtures.SYMBOLS);
    }

    private BinanceSource source(SourceProperties properties, List<String> symbols) {
        return new BinanceSource(properties, symbols, SourceFixtures.httpClients(clock), clock);
    }

    @Override
    protected String sourceName() {
        return "binance";
    }

    @Override
    protected SourceProperties properties() {
        return SourceFixtures.withQuote(super.properties(), "USDT");
    }

    @Test
    void mapsEveryTickerFieldExactly() {
        SourceSnapshot snapshot = fetch(source(properties()));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH", "SOL");
        assertThat(snapshot.unknownSymbols()).isEmpty();
        assertThat(snapshot.summaries()).isEmpty();
        assertThat(snapshot.quotes().getFirst()).isEqualTo(new QuoteObservation("BTC", "USDT",
                new BigDecimal("67187.33000000"), new BigDecimal("1.224"), new BigDecimal("1429876543.21098765"),
                null, new BigDecimal("67890.12000000"), new BigDecimal("66100.50000000"), 1_717_243_205_123L));
    }

    @Test
    void asksForAllSymbolsInOneCallWithTheJsonArrayEncoded() {
        fetch(source(properties()));

        assertThat(fake.requests("binance")).singleElement().satisfies(request -> {
            assertThat(request.apiPath()).isEqualTo("/api/v3/ticker/24hr");
            assertThat(request.rawQuery())
                    .isEqualTo("symbols=%5B%22BTCUSDT%22%2C%22ETHUSDT%22%2C%22SOLUSDT%22%5D");
            assertThat(request.queryParam("symbols")).isEqualTo("[\"BTCUSDT\",\"ETHUSDT\",\"SOLUSDT\"]");
        });
    }

    @Test
    void probesEachSymbolOnceAfterInvalidSymbolAndLeavesTheUnlistedOutLater() {
        BinanceSource source = source(properties(), List.of("BTC", "FOO", "ETH"));

        SourceSnapshot first = fetch(source);

        assertThat(first.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH");
        assertThat(first.quotes().getFirst().price()).isEqualTo(new BigDecimal("67187.33000000"));
        assertThat(first.unknownSymbols()).containsExactly("FOO");
        assertThat(fake.requests("binance")).extracting(r -> r.queryParams().keySet().iterator().next() + "="
                        + r.queryParams().values().iterator().next().getFirst())
                .containsExactly("symbols=[\"BTCUSDT\",\"FOOUSDT\",\"ETHUSDT\"]",
                        "symbol=BTCUSDT", "symbol=FOOUSDT", "symbol=ETHUSDT");

        fake.clearRequests();
        SourceSnapshot second = fetch(source);

        assertThat(second.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH");
        assertThat(second.unknownSymbols()).containsExactly("FOO");
        assertThat(fake.requests("binance")).singleElement()
                .extracting(r -> r.queryParam("symbols")).isEqualTo("[\"BTCUSDT\",\"ETHUSDT\"]");
    }

    @Test
    void aSymbolTheExchangeDelistsBecomesUnknown() {
        fake.unlist("binance", "SOL");

        SourceSnapshot snapshot = fetch(source(properties()));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactly("BTC", "ETH");
        assertThat(snapshot.unknownSymbols()).containsExactly("SOL");
    }

    @Test
    void pollsNothingWhenNoTrackedSymbolIsListed() {
        BinanceSource source = source(properties(), List.of("FOO"));
        fetch(source);
        fake.clearRequests();

        SourceSnapshot snapshot = fetch(source);

        assertThat(snapshot.quotes()).isEmpty();
        assertThat(snapshot.unknownSymbols()).containsExactly("FOO");
        assertThat(fake.requestCount("binance")).isZero();
    }

    @Test
    void usedWeightBelowTheSlowDownShareKeepsPolling() {
        MarketSource source = source(SourceFixtures.withBudget(properties(), SourceFixtures.budget(1000, 6000, 0.8)));
        fake.setBinanceUsedWeight(4796);

        fetch(source);
        fetch(source);

        assertThat(fake.requestCount("binance")).isEqualTo(2);
        assertThat(fake.binanceUsedWeight()).isEqualTo(4800);
    }

    @Test
    void usedWeightAtTheSlowDownSharePausesUntilTheNextMinute() {
        MarketSource source = source(SourceFixtures.withBudget(properties(), SourceFixtures.budget(1000, 6000, 0.8)));
        fake.setBinanceUsedWeight(4798);

        fetch(source);

        StepVerifier.create(source.fetch())
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(SourceCallException.RateLimited.class, limited -> {
                            assertThat(limited.status()).isZero();
                            assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                            assertThat(limited.getMessage()).contains("used weight 4800 of 6000");
                        }))
                .verify(Duration.ofSeconds(10));
        assertThat(fake.requestCount("binance")).isOne();

        clock.set(Instant.parse("2024-06-01T12:01:00Z"));
        fake.setBinanceUsedWeight(0);
        fetch(source);
        assertThat(fake.requestCount("binance")).isEqualTo(2);
    }

    @Test
    void usedWeightIsIgnoredWithoutAUsageLimit() {
        MarketSource source = source(properties());
        fake.setBinanceUsedWeight(1_000_000);

        fetch(source);
        fetch(source);

        assertThat(fake.requestCount("binance")).isEqualTo(2);
    }

    @Test
    void otherRejectionsFailThePollWithoutProbing() {
        fake.failNext("binance", Fault.status(400)
                .body("{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'symbols'\"}"));

        StepVerifier.create(source(properties()).fetch())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(SourceCallException.Rejected.class,
                        rejected -> assertThat(rejected.status()).isEqualTo(400)))
                .verify(Duration.ofSeconds(10));
        assertThat(fake.requestCount("binance")).isOne();
    }

    @Test
    void aTickerWithoutLastPriceIsMalformed() {
        fake.patch("binance", "ETH", "lastPrice", "null");

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }
}
