package io.tickstream.query.candles;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Technical indicators over closing prices, oldest first, in exact decimals (16 significant digits).
 * Each returns null when there are too few closes. Used by the candle API and by market reports.
 */
public final class Indicators {

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Indicators() {
    }

    /** Simple moving average of the last {@code period} closes. */
    public static BigDecimal sma(List<BigDecimal> closes, int period) {
        if (closes.size() < period) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal close : closes.subList(closes.size() - period, closes.size())) {
            sum = sum.add(close);
        }
        return sum.divide(BigDecimal.valueOf(period), MC);
    }

    /** Exponential moving average, seeded with the SMA of the first {@code period} closes, k = 2/(period+1). */
    public static BigDecimal ema(List<BigDecimal> closes, int period) {
        if (closes.size() < period) {
            return null;
        }
        BigDecimal k = BigDecimal.valueOf(2).divide(BigDecimal.valueOf(period + 1L), MC);
        BigDecimal ema = sma(closes.subList(0, period), period);
        for (BigDecimal close : closes.subList(period, closes.size())) {
            ema = close.subtract(ema).multiply(k, MC).add(ema, MC);
        }
        return ema;
    }

    /** Wilder's relative strength index over {@code period} changes, 0..100. */
    public static BigDecimal rsi(List<BigDecimal> closes, int period) {
        if (closes.size() < period + 1) {
            return null;
        }
        BigDecimal gain = BigDecimal.ZERO;
        BigDecimal loss = BigDecimal.ZERO;
        for (int i = 1; i <= period; i++) {
            BigDecimal change = closes.get(i).subtract(closes.get(i - 1));
            if (change.signum() > 0) {
                gain = gain.add(change);
            } else {
                loss = loss.subtract(change);
            }
        }
        BigDecimal n = BigDecimal.valueOf(period);
        BigDecimal avgGain = gain.divide(n, MC);
        BigDecimal avgLoss = loss.divide(n, MC);
        BigDecimal nMinusOne = BigDecimal.valueOf(period - 1L);
        for (int i = period + 1; i < closes.size(); i++) {
            BigDecimal change = closes.get(i).subtract(closes.get(i - 1));
            BigDecimal up = change.signum() > 0 ? change : BigDecimal.ZERO;
            BigDecimal down = change.signum() < 0 ? change.negate() : BigDecimal.ZERO;
            avgGain = avgGain.multiply(nMinusOne).add(up).divide(n, MC);
            avgLoss = avgLoss.multiply(nMinusOne).add(down).divide(n, MC);
        }
        if (avgLoss.signum() == 0) {
            return avgGain.signum() == 0 ? BigDecimal.valueOf(50) : HUNDRED;
        }
        BigDecimal rs = avgGain.divide(avgLoss, MC);
        return HUNDRED.subtract(HUNDRED.divide(BigDecimal.ONE.add(rs), MC)).setScale(4, RoundingMode.HALF_EVEN);
    }

    /**
     * MACD: the line (EMA {@code fast} minus EMA {@code slow} of the closes), its signal (EMA {@code signal} of the
     * line) and the histogram (line minus signal), at the last close; null with fewer than {@code slow + signal - 1}
     * closes. The EMAs are seeded as in {@link #ema}.
     */
    public static Macd macd(List<BigDecimal> closes, int fast, int slow, int signal) {
        if (fast >= slow || closes.size() < slow + signal - 1) {
            return null;
        }
        List<BigDecimal> fastSeries = emaSeries(closes, fast);
        List<BigDecimal> slowSeries = emaSeries(closes, slow);
        List<BigDecimal> line = new java.util.ArrayList<>(slowSeries.size());
        int offset = slow - fast; // fastSeries starts at close fast-1, slowSeries at close slow-1
        for (int i = 0; i < slowSeries.size(); i++) {
            line.add(fastSeries.get(i + offset).subtract(slowSeries.get(i), MC));
        }
        BigDecimal last = line.getLast();
        BigDecimal signalValue = ema(line, signal);
        return new Macd(last, signalValue, last.subtract(signalValue, MC));
    }

    /** MACD at one close: the line, its signal and the histogram. */
    public record Macd(BigDecimal line, BigDecimal signal, BigDecimal histogram) {
    }

    /**
     * Bollinger bands over the last {@code period} closes: the middle band is their SMA, the upper and lower bands
     * lie {@code k} (population) standard deviations above and below; null with fewer closes.
     */
    public static Bands bollinger(List<BigDecimal> closes, int period, BigDecimal k) {
        BigDecimal middle = sma(closes, period);
        if (middle == null) {
            return null;
        }
        BigDecimal squares = BigDecimal.ZERO;
        for (BigDecimal close : closes.subList(closes.size() - period, closes.size())) {
            BigDecimal d = close.subtract(middle, MC);
            squares = squares.add(d.multiply(d, MC), MC);
        }
        BigDecimal deviation = squares.divide(BigDecimal.valueOf(period), MC).sqrt(MC);
        BigDecimal width = deviation.multiply(k, MC);
        return new Bands(middle.add(width, MC), middle, middle.subtract(width, MC));
    }

    /** Bollinger bands at one close. */
    public record Bands(BigDecimal upper, BigDecimal middle, BigDecimal lower) {
    }

    /** The EMA at every close from the {@code period}-th on (seeded with the SMA of the first {@code period}). */
    private static List<BigDecimal> emaSeries(List<BigDecimal> closes, int period) {
        BigDecimal k = BigDecimal.valueOf(2).divide(BigDecimal.valueOf(period + 1L), MC);
        BigDecimal ema = sma(closes.subList(0, period), period);
        List<BigDecimal> series = new java.util.ArrayList<>(closes.size() - period + 1);
        series.add(ema);
        for (BigDecimal close : closes.subList(period, closes.size())) {
            ema = close.subtract(ema).multiply(k, MC).add(ema, MC);
            series.add(ema);
        }
        return series;
    }
}
