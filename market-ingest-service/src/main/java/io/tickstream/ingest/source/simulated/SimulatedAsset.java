package io.tickstream.ingest.source.simulated;

import java.util.Map;

/**
 * Where the simulated market starts for one asset: a realistic price (mid-2024 levels), the
 * circulating supply for its market cap ({@code null}: unknown, no market cap) and its volatility per
 * step. An asset the table does not know starts at 1 with no market cap.
 *
 * @param startPrice        USD price of the first step's reference
 * @param circulatingSupply coins in circulation, or {@code null}
 * @param volatility        standard deviation of the log price change per step
 */
public record SimulatedAsset(double startPrice, Double circulatingSupply, double volatility) {

    private static final Map<String, SimulatedAsset> KNOWN = Map.of(
            "BTC", new SimulatedAsset(67_000, 19_700_000d, 0.0006),
            "ETH", new SimulatedAsset(3_500, 120_100_000d, 0.0008),
            "SOL", new SimulatedAsset(150, 462_000_000d, 0.0012),
            "XRP", new SimulatedAsset(0.6, 55_500_000_000d, 0.0010),
            "DOGE", new SimulatedAsset(0.15, 145_000_000_000d, 0.0014),
            "ADA", new SimulatedAsset(0.45, 35_400_000_000d, 0.0011),
            "LTC", new SimulatedAsset(80, 74_800_000d, 0.0010),
            "LINK", new SimulatedAsset(15, 587_000_000d, 0.0012),
            "DOT", new SimulatedAsset(7, 1_440_000_000d, 0.0011),
            "AVAX", new SimulatedAsset(35, 394_000_000d, 0.0013));

    private static final SimulatedAsset UNKNOWN = new SimulatedAsset(1, null, 0.0015);

    public static SimulatedAsset of(String symbol) {
        return KNOWN.getOrDefault(symbol, UNKNOWN);
    }
}
