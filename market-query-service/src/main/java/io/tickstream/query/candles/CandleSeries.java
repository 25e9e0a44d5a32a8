package io.tickstream.query.candles;

import java.util.List;

/**
 * One page of candles of one symbol, oldest first.
 *
 * @param symbol   canonical symbol
 * @param interval candle width, e.g. {@code 1m}
 * @param source   whose candles these are ({@code consensus} when present), null when there are none
 * @param quote    their quote currency, null when there are none
 * @param from     start of the range (inclusive), ISO-8601
 * @param to       end of the range (exclusive), ISO-8601
 * @param candles  at most {@code limit}: the newest of the range not on a later page
 * @param next     the link to the page of older candles of the range, null on the last page
 */
record CandleSeries(String symbol, String interval, String source, String quote, String from, String to,
                    List<Candle> candles, String next) {
}
