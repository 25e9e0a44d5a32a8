package io.tickstream.ingest.consensus;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConsensusCalculatorTests {

    private static final long NOW = 1_700_000_000_000L;
    private final ConsensusCalculator calculator = new ConsensusCalculator(Set.of("USD", "USDT", "USDC"), 120_000);

    @Test
    void theMedianOfAnOddCountIsTheMiddlePrice() {
        Map<String, String> board = Map.of(
                "quote:binance:BTC:USDT", (NOW - 1000) + "|67010",
                "quote:kraken:BTC:USD", (NOW - 2000) + "|66990.5",
                "quote:coinbase:BTC:USD", (NOW - 500) + "|67100");
        ConsensusCalculator.ConsensusPrice price = calculator.compute("BTC", board, NOW).orElseThrow();
        assertThat(price.median()).isEqualByComparingTo("67010");
        assertThat(price.low()).isEqualByComparingTo("66990.5");
        assertThat(price.high()).isEqualByComparingTo("67100");
        assertThat(price.sources()).isEqualTo(3);
        assertThat(price.sourceTime()).isEqualTo(NOW - 500);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwoExactly() {
        Map<String, String> board = Map.of(
                "quote:binance:ETH:USDT", NOW + "|3500.01",
                "quote:kraken:ETH:USD", NOW + "|3500.02");
        assertThat(calculator.compute("ETH", board, NOW).orElseThrow().median()).isEqualTo(new BigDecimal("3500.015"));
    }

    @Test
    void staleOtherCurrencyOtherSymbolAndConsensusEntriesAreLeftOut() {
        Map<String, String> board = Map.of(
                "quote:binance:BTC:USDT", NOW + "|67000",
                "quote:kraken:BTC:USD", (NOW - 120_001) + "|10",
                "quote:kraken:BTC:EUR", NOW + "|61000",
                "quote:consensus:BTC:USD", NOW + "|1",
                "quote:binance:ETH:USDT", NOW + "|3500",
                "summary:coingecko", NOW + "|",
                "quote:broken:BTC:USD", "garbage");
        ConsensusCalculator.ConsensusPrice price = calculator.compute("BTC", board, NOW).orElseThrow();
        assertThat(price.sources()).isEqualTo(1);
        assertThat(price.median()).isEqualByComparingTo("67000");
    }

    @Test
    void noFreshSourceMeansNoConsensus() {
        assertThat(calculator.compute("SOL", Map.of("quote:binance:SOL:USDT", (NOW - 200_000) + "|150"), NOW)).isEmpty();
        assertThat(calculator.compute("SOL", Map.of(), NOW)).isEmpty();
    }
}
