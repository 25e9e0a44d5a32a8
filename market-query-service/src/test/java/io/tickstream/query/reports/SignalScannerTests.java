package io.tickstream.query.reports;

import io.tickstream.query.reports.ReportContent.Signal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SignalScannerTests {

    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    /** 40 flat hourly closes of 100 before the period, then 110, 90, 80 in it. */
    @Test
    void aJumpThenTwoFallsGiveEveryKindOfSignalAtTheRightClose() {
        List<BigDecimal> closes = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 40; i >= 1; i--) {
            closes.add(BigDecimal.valueOf(100));
            times.add(START.minusSeconds(3600L * i));
        }
        for (String close : List.of("110", "90", "80")) {
            times.add(START.plusSeconds(3600L * (closes.size() - 40)));
            closes.add(new BigDecimal(close));
        }

        List<Signal> signals = SignalScanner.scan("BTC", closes, times, START);

        assertThat(signals).extracting(Signal::time, Signal::type).containsExactly(
                // the jump: RSI from 50 (flat) to 100, above both averages, MACD above its signal
                tuple("2026-11-02T00:00:00Z", SignalType.RSI_OVERBOUGHT),
                tuple("2026-11-02T00:00:00Z", SignalType.CROSSED_ABOVE_SMA20),
                tuple("2026-11-02T00:00:00Z", SignalType.CROSSED_ABOVE_EMA20),
                tuple("2026-11-02T00:00:00Z", SignalType.MACD_BULLISH_CROSS),
                // 90: below SMA 20 (100) and EMA 20 (100.952...), MACD line (-0.18) below its signal (0.09)
                tuple("2026-11-02T01:00:00Z", SignalType.CROSSED_BELOW_SMA20),
                tuple("2026-11-02T01:00:00Z", SignalType.CROSSED_BELOW_EMA20),
                tuple("2026-11-02T01:00:00Z", SignalType.MACD_BEARISH_CROSS),
                // 80: RSI 23.1824 (31.7 before): oversold; no new crossing
                tuple("2026-11-02T02:00:00Z", SignalType.RSI_OVERSOLD));
        assertThat(signals.getFirst().value()).isEqualTo("100");
        assertThat(signals.get(1).value()).isEqualTo("100.5");
        assertThat(signals.getLast().value()).isEqualTo("23.1824");
        assertThat(signals.getLast().price()).isEqualTo("80");
    }

    @Test
    void closesBeforeThePeriodOnlyWarmUpAndTooFewClosesGiveNothing() {
        List<BigDecimal> closes = List.of(BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE);
        List<Instant> times = List.of(START.minusSeconds(7200), START.minusSeconds(3600), START);
        assertThat(SignalScanner.scan("BTC", closes, times, START)).isEmpty();
    }
}
