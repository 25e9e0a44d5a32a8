package io.tickstream.query.reports;

import io.tickstream.common.event.Decimals;
import io.tickstream.query.candles.Indicators;
import io.tickstream.query.reports.ReportContent.Signal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the indicator events of a period in one symbol's bar closes (warm-up closes first): RSI 14
 * entering above 70 or below 30, the close crossing its SMA 20 or EMA 20, the MACD (12, 26) line crossing
 * its signal (EMA 9 of the line). A crossing is a change of side between two consecutive closes
 * (from at or below to above, or from at or above to below). Indicators recomputed per close, exactly as
 * the candle API computes them ({@link Indicators}); a few hundred closes per symbol at most (a week of
 * hourly bars and the warm-up: 216).
 */
final class SignalScanner {

    private static final int RSI = 14;
    private static final int AVERAGE = 20;
    private static final int MACD_FAST = 12;
    private static final int MACD_SLOW = 26;
    private static final int MACD_SIGNAL = 9;
    private static final BigDecimal OVERBOUGHT = BigDecimal.valueOf(70);
    private static final BigDecimal OVERSOLD = BigDecimal.valueOf(30);

    private SignalScanner() {
    }

    /** The events at closes with {@code times[i] >= periodStart}; {@code closes} and {@code times} oldest first. */
    static List<Signal> scan(String symbol, List<BigDecimal> closes, List<Instant> times, Instant periodStart) {
        List<BigDecimal> macd = new ArrayList<>(closes.size());
        List<BigDecimal> macdLine = new ArrayList<>();
        for (int i = 0; i < closes.size(); i++) {
            List<BigDecimal> upTo = closes.subList(0, i + 1);
            BigDecimal fast = Indicators.ema(upTo, MACD_FAST);
            BigDecimal slow = Indicators.ema(upTo, MACD_SLOW);
            BigDecimal line = slow == null ? null : fast.subtract(slow);
            if (line != null) {
                macdLine.add(line);
            }
            BigDecimal signal = macdLine.isEmpty() ? null : Indicators.ema(macdLine, MACD_SIGNAL);
            macd.add(signal == null ? null : line.subtract(signal));
        }
        List<Signal> signals = new ArrayList<>();
        for (int i = 1; i < closes.size(); i++) {
            if (times.get(i).isBefore(periodStart)) {
                continue;
            }
            String time = times.get(i).toString();
            BigDecimal close = closes.get(i);
            List<BigDecimal> now = closes.subList(0, i + 1);
            List<BigDecimal> before = closes.subList(0, i);
            BigDecimal rsiNow = Indicators.rsi(now, RSI);
            BigDecimal rsiBefore = Indicators.rsi(before, RSI);
            if (rsiNow != null && rsiBefore != null) {
                if (rsiBefore.compareTo(OVERBOUGHT) <= 0 && rsiNow.compareTo(OVERBOUGHT) > 0) {
                    signals.add(signal(symbol, time, SignalType.RSI_OVERBOUGHT, rsiNow, close));
                } else if (rsiBefore.compareTo(OVERSOLD) >= 0 && rsiNow.compareTo(OVERSOLD) < 0) {
                    signals.add(signal(symbol, time, SignalType.RSI_OVERSOLD, rsiNow, close));
                }
            }
            BigDecimal smaNow = Indicators.sma(now, AVERAGE);
            BigDecimal smaBefore = Indicators.sma(before, AVERAGE);
            cross(closes.get(i - 1), smaBefore, close, smaNow, SignalType.CROSSED_ABOVE_SMA20, SignalType.CROSSED_BELOW_SMA20)
                    .ifPresent(type -> signals.add(signal(symbol, time, type, smaNow, close)));
            BigDecimal emaNow = Indicators.ema(now, AVERAGE);
            BigDecimal emaBefore = Indicators.ema(before, AVERAGE);
            cross(closes.get(i - 1), emaBefore, close, emaNow, SignalType.CROSSED_ABOVE_EMA20, SignalType.CROSSED_BELOW_EMA20)
                    .ifPresent(type -> signals.add(signal(symbol, time, type, emaNow, close)));
            if (macd.get(i) != null && macd.get(i - 1) != null) {
                cross(macd.get(i - 1), BigDecimal.ZERO, macd.get(i), BigDecimal.ZERO,
                        SignalType.MACD_BULLISH_CROSS, SignalType.MACD_BEARISH_CROSS)
                        .ifPresent(type -> signals.add(signal(symbol, time, type, macdValue(now), close)));
            }
        }
        return signals;
    }

    /** Above or below when {@code value} changed side of {@code reference} between two closes. */
    private static Optional<SignalType> cross(BigDecimal valueBefore, BigDecimal referenceBefore, BigDecimal value,
                                                        BigDecimal reference, SignalType above, SignalType below) {
        if (referenceBefore == null || reference == null) {
            return Optional.empty();
        }
        int sideBefore = valueBefore.compareTo(referenceBefore);
        int side = value.compareTo(reference);
        if (sideBefore <= 0 && side > 0) {
            return Optional.of(above);
        }
        if (sideBefore >= 0 && side < 0) {
            return Optional.of(below);
        }
        return Optional.empty();
    }

    private static BigDecimal macdValue(List<BigDecimal> closes) {
        return Indicators.ema(closes, MACD_FAST).subtract(Indicators.ema(closes, MACD_SLOW));
    }

    private static Signal signal(String symbol, String time, SignalType type, BigDecimal value, BigDecimal price) {
        return new Signal(symbol, time, type, Decimals.toWire(value.setScale(4, RoundingMode.HALF_EVEN)), Decimals.toWire(price));
    }
}
