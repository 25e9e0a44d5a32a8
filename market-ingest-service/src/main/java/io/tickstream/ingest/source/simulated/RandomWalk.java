package io.tickstream.ingest.source.simulated;

import io.tickstream.ingest.source.QuoteObservation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/**
 * One asset's simulated price: a geometric random walk (the log price moves by a normal step of the
 * asset's volatility) with a weak pull back toward the start price, so a demo that runs for days
 * stays near realistic levels. The 24h reference ("open") is the start price moved by up to ±4%;
 * the 24h range is every price seen so far plus that reference; the volume turns over about 3% of
 * the market cap a day (an asset without supply trades about 5 million units). Prices stay strictly
 * positive: the walk is on the log price, and a price that would round to zero becomes the smallest
 * step of its scale. Not thread-safe; {@link SimulatedMarketSource} serializes the steps.
 */
public final class RandomWalk {

    /** Pull toward the start price per step, as a share of the log distance. */
    private static final double REVERSION = 0.0005;
    private static final double UNLISTED_DAILY_UNITS = 5_000_000;

    private final SimulatedAsset asset;
    private final SplittableRandom random;
    private final double logStart;
    private final double open;
    private double logPrice;
    private double high;
    private double low;

    public RandomWalk(SimulatedAsset asset, long seed) {
        this.asset = asset;
        this.random = new SplittableRandom(seed);
        this.logStart = Math.log(asset.startPrice());
        this.logPrice = logStart;
        this.open = asset.startPrice() * Math.exp(random.nextDouble(-0.04, 0.04));
        this.high = Math.max(open, asset.startPrice()) * (1 + random.nextDouble(0, 0.01));
        this.low = Math.min(open, asset.startPrice()) * (1 - random.nextDouble(0, 0.01));
    }

    /** Moves the price one step. */
    public void step() {
        double shock = Math.clamp(random.nextGaussian(), -4, 4) * asset.volatility();
        logPrice += REVERSION * (logStart - logPrice) + shock;
        double price = price();
        high = Math.max(high, price);
        low = Math.min(low, price);
    }

    public double price() {
        return Math.exp(logPrice);
    }

    /** Market cap in USD at the current price, {@code null} when the supply is unknown. */
    Double marketCap() {
        return asset.circulatingSupply() == null ? null : price() * asset.circulatingSupply();
    }

    /** 24h change against the reference, in percent. */
    double change24hPct() {
        return (price() / open - 1) * 100;
    }

    /** The current state as a USD quote observed at {@code now}. */
    public QuoteObservation quote(String symbol, String quote, long now) {
        double turnover = 0.03 * (1 + random.nextDouble(-0.2, 0.2));
        Double cap = marketCap();
        double volume = cap != null ? cap * turnover : price() * UNLISTED_DAILY_UNITS * turnover / 0.03;
        return new QuoteObservation(symbol, quote, price(price()),
                BigDecimal.valueOf(change24hPct()).setScale(4, RoundingMode.HALF_EVEN),
                usd(volume), cap == null ? null : usd(cap), price(high), price(low), now);
    }

    /** A price with a scale fitting its size (2, 4 or 8 decimals), never zero or negative. */
    public static BigDecimal price(double value) {
        int scale = value >= 1000 ? 2 : value >= 1 ? 4 : 8;
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
        return rounded.signum() > 0 ? rounded : BigDecimal.ONE.movePointLeft(scale);
    }

    static BigDecimal usd(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }
}
