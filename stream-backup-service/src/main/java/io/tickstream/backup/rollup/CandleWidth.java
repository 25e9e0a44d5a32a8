package io.tickstream.backup.rollup;

import java.util.List;

/**
 * The candle widths kept, in seconds, each derived from the one before ({@link #from}); 60 is the 1-minute
 * table itself. Buckets start at multiples of the width from 2000-01-01T00:00Z ({@link #ORIGIN}), which are
 * the UTC minute, hour and day boundaries: the query service and the push service's live candles use the same.
 *
 * @param seconds width
 * @param label   the API's name ({@code 1m}, {@code 5m}, {@code 15m}, {@code 1h}, {@code 4h}, {@code 1d})
 * @param from    the width it is derived from, 0 for 1m
 */
public record CandleWidth(int seconds, String label, int from) {

    /** The bucket origin, as SQL. */
    public static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";

    public static final CandleWidth M1 = new CandleWidth(60, "1m", 0);

    /** The derived widths, in derivation order. */
    public static final List<CandleWidth> DERIVED = List.of(
            new CandleWidth(300, "5m", 60),
            new CandleWidth(900, "15m", 300),
            new CandleWidth(3_600, "1h", 900),
            new CandleWidth(14_400, "4h", 3_600),
            new CandleWidth(86_400, "1d", 14_400));

    /** SQL: the start of the bucket of this width holding {@code column}. */
    public String bucketOf(String column) {
        return "date_bin(interval '" + seconds + " seconds', " + column + ", " + ORIGIN + ")";
    }
}
