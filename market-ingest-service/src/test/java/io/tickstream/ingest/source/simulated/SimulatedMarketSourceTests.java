package io.tickstream.ingest.source.simulated;

import io.tickstream.ingest.source.MutableClock;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.SummaryObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimulatedMarketSourceTests {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "DOGE", "XRP", "FOO");

    private final MutableClock clock = MutableClock.atFixedStart();

    @Test
    void quotesEveryTrackedSymbolInUsdNearItsRealisticStart() {
        SourceSnapshot snapshot = fetch(new SimulatedMarketSource(SYMBOLS, clock));

        assertThat(snapshot.quotes()).extracting(QuoteObservation::symbol).containsExactlyElementsOf(SYMBOLS);
        assertThat(snapshot.unknownSymbols()).isEmpty();
        assertThat(snapshot.quotes()).allSatisfy(quote -> {
            assertThat(quote.quote()).isEqualTo("USD");
            assertThat(quote.sourceTime()).isEqualTo(clock.millis());
            assertThat(quote.volume24h()).isPositive();
            assertThat(quote.high24h()).isGreaterThanOrEqualTo(quote.price());
            assertThat(quote.low24h()).isLessThanOrEqualTo(quote.price());
            assertThat(quote.change24hPct().abs()).isLessThan(new BigDecimal("6"));
        });
        assertThat(price(snapshot, "BTC")).isCloseTo(67_000, within(67_000 * 0.02));
        assertThat(price(snapshot, "DOGE")).isCloseTo(0.15, within(0.15 * 0.02));
        assertThat(price(snapshot, "FOO")).isCloseTo(1, within(0.02));
        assertThat(quote(snapshot, "FOO").marketCap()).isNull();
        assertThat(quote(snapshot, "BTC").marketCap().doubleValue())
                .isCloseTo(price(snapshot, "BTC") * 19_700_000, within(1e6));
    }

    @Test
    void givesPricesASensibleScale() {
        SourceSnapshot snapshot = fetch(new SimulatedMarketSource(SYMBOLS, clock));

        assertThat(quote(snapshot, "BTC").price().scale()).isEqualTo(2);
        assertThat(quote(snapshot, "FOO").price().scale()).isIn(4, 8);
        assertThat(quote(snapshot, "DOGE").price().scale()).isEqualTo(8);
    }

    @Test
    void summarizesAPlausibleMarket() {
        SourceSnapshot snapshot = fetch(new SimulatedMarketSource(List.of("SOL"), clock));

        assertThat(snapshot.summaries()).singleElement().satisfies(summary -> {
            assertThat(summary.totalMarketCapUsd().doubleValue()).isBetween(1.5e12, 3.5e12);
            assertThat(summary.totalVolumeUsd()).isPositive();
            assertThat(summary.btcDominancePct().doubleValue()).isBetween(40.0, 65.0);
            assertThat(summary.ethDominancePct().doubleValue()).isBetween(10.0, 25.0);
            assertThat(summary.fearGreedValue()).isBetween(1, 99);
            assertThat(summary.fearGreedLabel()).isEqualTo(SimulatedMarketSource.label(summary.fearGreedValue()));
            assertThat(summary.sourceTime()).isEqualTo(clock.millis());
        });
    }

    @Test
    void everyInstanceShowsTheSameMarket() {
        SimulatedMarketSource one = new SimulatedMarketSource(SYMBOLS, clock);
        SimulatedMarketSource other = new SimulatedMarketSource(SYMBOLS, clock);

        StepVerifier.create(Flux.range(0, 5).concatMap(i -> one.fetch().zipWith(other.fetch())))
                .thenConsumeWhile(pair -> pair.getT1().equals(pair.getT2()))
                .verifyComplete();
    }

    @Test
    void pricesMoveFromPollToPoll() {
        SimulatedMarketSource source = new SimulatedMarketSource(SYMBOLS, clock);
        BigDecimal first = quote(fetch(source), "ETH").price();

        StepVerifier.create(Flux.range(0, 10).concatMap(i -> source.fetch()).last())
                .assertNext(last -> assertThat(quote(last, "ETH").price()).isNotEqualTo(first))
                .verifyComplete();
    }

    @Test
    void neverQuotesAPriceAtOrBelowZeroAndStaysRealisticOverALongRun() {
        SimulatedMarketSource source = new SimulatedMarketSource(List.of("DOGE", "XRP", "FOO", "BTC"), clock);

        StepVerifier.create(Flux.range(0, 20_000).concatMap(i -> source.fetch())
                        .all(snapshot -> snapshot.quotes().stream().allMatch(q -> q.price().signum() > 0
                                && q.low24h().signum() > 0 && q.high24h().compareTo(q.price()) >= 0)))
                .expectNext(true)
                .verifyComplete();
        SourceSnapshot last = fetch(source);
        assertThat(price(last, "BTC")).isBetween(67_000 / 2.0, 67_000 * 2.0);
        assertThat(price(last, "DOGE")).isBetween(0.15 / 2, 0.15 * 2);
    }

    @ParameterizedTest
    @CsvSource({"67000.123, 67000.12", "15.55555, 15.5556", "0.15, 0.15000000", "1e-12, 0.00000001", "0, 0.00000001"})
    void roundsPricesBySizeAndNeverToZero(double value, String expected) {
        assertThat(RandomWalk.price(value)).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @CsvSource({"1, Extreme Fear", "24, Extreme Fear", "25, Fear", "44, Fear", "45, Neutral", "55, Neutral",
            "56, Greed", "75, Greed", "76, Extreme Greed", "99, Extreme Greed"})
    void labelsFearAndGreedInAlternativeMesBands(int value, String label) {
        assertThat(SimulatedMarketSource.label(value)).isEqualTo(label);
    }

    @Test
    void isNamedSimulated() {
        assertThat(new SimulatedMarketSource(SYMBOLS, clock).name()).isEqualTo("simulated");
    }

    private static SourceSnapshot fetch(SimulatedMarketSource source) {
        AtomicReference<SourceSnapshot> snapshot = new AtomicReference<>();
        StepVerifier.create(source.fetch()).consumeNextWith(snapshot::set).expectComplete().verify(Duration.ofSeconds(5));
        return snapshot.get();
    }

    private static QuoteObservation quote(SourceSnapshot snapshot, String symbol) {
        return snapshot.quotes().stream().filter(q -> q.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static double price(SourceSnapshot snapshot, String symbol) {
        return quote(snapshot, symbol).price().doubleValue();
    }
}
