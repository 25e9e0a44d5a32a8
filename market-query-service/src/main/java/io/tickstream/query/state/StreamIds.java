package io.tickstream.query.state;

/** Redis stream entry ids ({@code <ms>-<seq>}): order and arithmetic on their time part. */
final class StreamIds {

    static final String ZERO = "0-0";

    private StreamIds() {
    }

    static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        int byTime = Long.compareUnsigned(x[0], y[0]);
        return byTime != 0 ? byTime : Long.compareUnsigned(x[1], y[1]);
    }

    static String max(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }

    /** The first id at {@code epochMillis} (0-0 for times before the epoch). */
    static String at(long epochMillis) {
        return Math.max(0, epochMillis) + "-0";
    }

    /** The id {@code millis} earlier, at sequence 0. */
    static String minus(String id, long millis) {
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
