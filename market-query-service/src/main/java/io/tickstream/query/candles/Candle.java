package io.tickstream.query.candles;

/**
 * One OHLCV candle from the rollups; decimals as strings.
 *
 * @param time        start of the bucket, ISO-8601 UTC
 * @param open        first price in the bucket (by source time)
 * @param high        highest price
 * @param low         lowest price
 * @param close       last price
 * @param volume      traded amount of the base asset, null when the source gives none (no trade feed, no bar)
 * @param quoteVolume traded amount in the quote currency, null when unknown
 * @param ticks       price updates it aggregates: quotes for live candles, the exchange's trades for backfilled ones
 * @param trades      trades in it, null when unknown
 * @param origin      {@code live} (aggregated here), {@code backfill} (the source's own bar) or {@code mixed}
 */
record Candle(String time, String open, String high, String low, String close, String volume, String quoteVolume,
              long ticks, Long trades, String origin) {
}
