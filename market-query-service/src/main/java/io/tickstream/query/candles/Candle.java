package io.tickstream.query.candles;

/**
 * One OHLC candle; decimals as strings.
 *
 * @param time  start of the bucket, ISO-8601 UTC
 * @param open  first price in the bucket (by source time)
 * @param high  highest price
 * @param low   lowest price
 * @param close last price
 * @param ticks how many quotes it aggregates
 */
record Candle(String time, String open, String high, String low, String close, long ticks) {
}
