package io.tickstream.ingest.source.simulated;

import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.source.BarObservation;
import io.tickstream.ingest.source.HistorySource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Synthetic 1-minute history of the offline market, so a fresh {@code ./tickstream run --simulated} has charts and
 * indicators at once: for each symbol a seeded walk run backwards from the asset's start price (where the live
 * walk begins) at the time this source was made, so history and live prices meet; the asset's per-step
 * volatility taken per minute (BTC 0.06 %: about 2.3 % a day, as real markets go), ticks and a volume around the
 * asset's daily turnover.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.simulated", name = "enabled", havingValue = "true")
public final class SimulatedHistory implements HistorySource {

    private static final long MINUTE = 60_000;

    private final long anchor;
    private final Map<String, double[]> closes = new ConcurrentHashMap<>();
    private final int minutes;

    @org.springframework.beans.factory.annotation.Autowired
    SimulatedHistory(IngestProperties ingest, Clock clock) {
        this(clock, Duration.ofDays(31));
    }

    public SimulatedHistory(Clock clock, Duration span) {
        this.anchor = clock.millis() / MINUTE * MINUTE;
        this.minutes = (int) span.toMinutes();
    }

    @Override
    public String source() {
        return SimulatedMarketSource.NAME;
    }

    @Override
    public String quote() {
        return "USD";
    }

    @Override
    public Duration page() {
        return Duration.ofDays(1);
    }

    @Override
    public Duration reach() {
        return Duration.ofMinutes(minutes);
    }

    @Override
    public Mono<List<BarObservation>> bars(String symbol, long from, long to) {
        return Mono.fromCallable(() -> {
            double[] series = closes.computeIfAbsent(symbol, this::walkBack);
            SimulatedAsset asset = SimulatedAsset.of(symbol);
            SplittableRandom noise = new SplittableRandom(SimulatedMarketSource.SEED ^ symbol.hashCode() ^ from);
            double minuteVolatility = asset.volatility();
            double dailyQuoteVolume = asset.circulatingSupply() == null ? asset.startPrice() * 5_000_000
                    : asset.startPrice() * asset.circulatingSupply() * 0.03;
            List<BarObservation> bars = new ArrayList<>();
            for (long open = Math.max(from, anchor - (long) minutes * MINUTE); open < Math.min(to, anchor); open += MINUTE) {
                int index = (int) ((anchor - open) / MINUTE);   // minutes before the anchor: 1 .. minutes
                double close = series[index - 1];
                double first = series[index];
                double high = Math.max(first, close) * (1 + Math.abs(noise.nextGaussian()) * minuteVolatility / 2);
                double low = Math.min(first, close) * (1 - Math.abs(noise.nextGaussian()) * minuteVolatility / 2);
                double quoteVolume = dailyQuoteVolume / 1440 * (0.5 + noise.nextDouble());
                long ticks = 20 + noise.nextInt(200);
                bars.add(new BarObservation(symbol, "USD", open, price(first), price(high), price(low), price(close),
                        BigDecimal.valueOf(quoteVolume / close).setScale(8, RoundingMode.HALF_EVEN),
                        BigDecimal.valueOf(quoteVolume).setScale(2, RoundingMode.HALF_EVEN), ticks));
            }
            return bars;
        });
    }

    /** closes[k]: the close of the minute that ends k minutes before the anchor (closes[0]: the start price). */
    private double[] walkBack(String symbol) {
        SimulatedAsset asset = SimulatedAsset.of(symbol);
        SplittableRandom random = new SplittableRandom(SimulatedMarketSource.SEED * 7 + symbol.hashCode());
        double minuteVolatility = asset.volatility();
        double logStart = Math.log(asset.startPrice());
        double[] series = new double[minutes + 1];
        double log = logStart;
        for (int k = 0; k <= minutes; k++) {
            series[k] = Math.exp(log);
            // backwards in time, with a weak pull to the start level so a month stays plausible
            log += Math.clamp(random.nextGaussian(), -4, 4) * minuteVolatility + 0.0005 * (logStart - log);
        }
        return series;
    }

    private static BigDecimal price(double value) {
        return RandomWalk.price(value);
    }
}
