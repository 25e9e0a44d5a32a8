package io.tickstream.ingest.validate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SummaryObservation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationValidatorTests {

    private static final long NOW = 1_700_000_000_000L;
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationValidator validator = new ObservationValidator(
            new ValidationProperties(new BigDecimal("1E-12"), new BigDecimal("1E9"), BigDecimal.valueOf(50),
                    Duration.ofMinutes(10), Duration.ofMinutes(2)),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), meters);

    @Test
    void acceptsAnOrdinaryQuote() {
        assertThat(validator.check("binance", btc("67000.5", NOW - 1000), MAX_AGE)).isEqualTo(Verdict.FRESH);
    }

    @Test
    void rejectsZeroNegativeAndAbsurdPricesAndCountsThem() {
        assertThat(validator.check("binance", btc("0", NOW), MAX_AGE).reason()).isEqualTo("non_positive");
        assertThat(validator.check("binance", btc("-1", NOW), MAX_AGE).reason()).isEqualTo("non_positive");
        assertThat(validator.check("binance", btc("1E10", NOW), MAX_AGE).reason()).isEqualTo("out_of_range");
        assertThat(validator.check("binance", btc("1E-13", NOW), MAX_AGE).reason()).isEqualTo("out_of_range");
        assertThat(meters.counter("tickstream.ingest.rejected", "source", "binance", "reason", "non_positive").count())
                .isEqualTo(2);
        assertThat(meters.counter("tickstream.ingest.rejected", "source", "binance", "reason", "out_of_range").count())
                .isEqualTo(2);
    }

    @Test
    void rejectsNegativeAmountsAndImpossibleChange() {
        QuoteObservation negativeVolume = new QuoteObservation("BTC", "USD", BigDecimal.TEN, null,
                new BigDecimal("-5"), null, null, null, NOW);
        QuoteObservation belowMinus100 = new QuoteObservation("BTC", "USD", BigDecimal.TEN, new BigDecimal("-100.5"),
                null, null, null, null, NOW);
        assertThat(validator.check("kraken", negativeVolume, MAX_AGE).reason()).isEqualTo("negative_amount");
        assertThat(validator.check("kraken", belowMinus100, MAX_AGE).reason()).isEqualTo("out_of_range");
    }

    @Test
    void rejectsAJumpAgainstTheSameSourcesRecentPriceButNotAnotherSources() {
        assertThat(validator.check("binance", btc("60000", NOW - 60_000), MAX_AGE).accepted()).isTrue();
        assertThat(validator.check("binance", btc("95000", NOW), MAX_AGE).reason()).isEqualTo("jump");
        assertThat(validator.check("kraken", btc("95000", NOW), MAX_AGE).accepted()).isTrue();
        // the rejected price did not become the reference: a normal next price still passes
        assertThat(validator.check("binance", btc("61000", NOW), MAX_AGE).accepted()).isTrue();
    }

    @Test
    void aJumpAfterALongGapIsBelieved() {
        assertThat(validator.check("coinbase", btc("30000", NOW - Duration.ofHours(1).toMillis()), Duration.ofDays(1))
                .accepted()).isTrue();
        assertThat(validator.check("coinbase", btc("67000", NOW), MAX_AGE).accepted()).isTrue();
    }

    @Test
    void flagsOldDataStaleAndRejectsFutureData() {
        Verdict stale = validator.check("coinbase", btc("67000", NOW - MAX_AGE.toMillis() - 1), MAX_AGE);
        assertThat(stale.accepted()).isTrue();
        assertThat(stale.stale()).isTrue();
        assertThat(meters.counter("tickstream.ingest.stale", "source", "coinbase").count()).isEqualTo(1);
        assertThat(validator.check("coinbase", btc("67000", NOW + Duration.ofMinutes(3).toMillis()), MAX_AGE).reason())
                .isEqualTo("future_time");
    }

    @Test
    void rejectsInvalidSymbols() {
        QuoteObservation lower = QuoteObservation.ofPrice("btc", "USD", BigDecimal.ONE, NOW);
        assertThat(validator.check("x", lower, MAX_AGE).reason()).isEqualTo("invalid_symbol");
    }

    @Test
    void checksSummaries() {
        assertThat(validator.check("feargreed", SummaryObservation.ofFearGreed(40, "Fear", NOW), MAX_AGE).accepted())
                .isTrue();
        assertThat(validator.check("feargreed", SummaryObservation.ofFearGreed(101, "?", NOW), MAX_AGE).reason())
                .isEqualTo("out_of_range");
        SummaryObservation negativeCap = new SummaryObservation(new BigDecimal("-1"), null, null, null, null, null,
                null, null, NOW);
        assertThat(validator.check("coingecko", negativeCap, MAX_AGE).reason()).isEqualTo("negative_amount");
    }

    private static QuoteObservation btc(String price, long sourceTime) {
        return QuoteObservation.ofPrice("BTC", "USDT", new BigDecimal(price), sourceTime);
    }
}
