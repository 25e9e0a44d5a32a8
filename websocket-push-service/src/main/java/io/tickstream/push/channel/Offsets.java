package io.tickstream.push.channel;

import java.util.regex.Pattern;

/** Stream entry ids ({@code <ms>-<seq>}) as offsets: validation and numeric order. */
public final class Offsets {

    private static final Pattern ID = Pattern.compile("\\d{1,19}-\\d{1,19}");

    private Offsets() {
    }

    /** True when {@code offset} is a well-formed stream entry id. */
    public static boolean isValid(String offset) {
        return offset != null && ID.matcher(offset).matches();
    }

    /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}. */
    static int compare(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a, 0, dashA, 10), Long.parseUnsignedLong(b, 0, dashB, 10));
        if (byTime != 0) {
            return byTime;
        }
        return Long.compareUnsigned(Long.parseUnsignedLong(a, dashA + 1, a.length(), 10),
                Long.parseUnsignedLong(b, dashB + 1, b.length(), 10));
    }
}
