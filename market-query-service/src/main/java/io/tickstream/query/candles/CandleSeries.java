package io.tickstream.query.candles;

import java.util.List;

/**
 * Candles of one symbol, oldest first.
 *
 * @param symbol   canonical symbol
 * @param interval candle width, e.g. {@code 1m}
 * @param source   whose quotes made them ({@code consensus} when present), null when there are none
 * @param from     start of the range (inclusive), ISO-8601
 * @param to       end of the range (exclusive), ISO-8601
 * @param candles  at most {@code limit}, the newest of the range
 */
record CandleSeries(String symbol, String interval, String source, String from, String to, List<Candle> candles) {
}
