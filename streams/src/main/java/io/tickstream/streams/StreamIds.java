package io.tickstream.streams;

import java.time.Instant;

/**
 * Redis stream entry ids ({@code <ms>-<seq>}): order and time. The one copy every service uses.
 */
public final class StreamIds {

    /** The smallest possible id. */
    public static final String ZERO = "0-0";

    private StreamIds() {
    }

    /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}. */
    public static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        int byTime = Long.compareUnsigned(x[0], y[0]);
        return byTime != 0 ? byTime : Long.compareUnsigned(x[1], y[1]);
    }

    /** The earlier of two ids. */
    public static String min(String a, String b) {
        return compare(a, b) <= 0 ? a : b;
    }

    /** The later of two ids. */
    public static String max(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }

    /** When the entry was added, from the id's time part. */
    public static Instant time(String id) {
        return Instant.ofEpochMilli(parse(id)[0]);
    }

    /** The first id at {@code time} ({@link #ZERO} for times before the epoch). */
    public static String at(Instant time) {
        return at(time.toEpochMilli());
    }

    /** The first id at {@code epochMillis} ({@link #ZERO} for times before the epoch). */
    public static String at(long epochMillis) {
        return Math.max(0, epochMillis) + "-0";
    }

    /** The id {@code millis} earlier, at sequence 0. */
    public static String minus(String id, long millis) {
        return at(parse(id)[0] - millis);
    }

    private static long[] parse(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            return new long[] {Long.parseUnsignedLong(id), 0};
        }
        return new long[] {Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1))};
    }
}
