package io.tickstream.query.candles;

import io.tickstream.query.problem.Problems;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page of a candle range starts: the (exclusive) end of the older candles still to read and the
 * series the first page picked, so every page of a range reads the same series. Opaque to clients
 * ({@code base64url("c1|<source>|<quote>|<epoch seconds>")}), carried in the {@code next} link.
 *
 * @param source the series' source
 * @param quote  the series' quote currency
 * @param before the end (exclusive) of the next page: the oldest candle already given
 */
record CandleCursor(String source, String quote, Instant before) {

    private static final String VERSION = "c1";

    String encode() {
        String raw = VERSION + "|" + source + "|" + quote + "|" + before.getEpochSecond();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code raw}, or a 400 when it is not one this service wrote. */
    static CandleCursor decode(String raw) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 4 || !parts[0].equals(VERSION) || !parts[1].matches("[a-z0-9_-]{1,64}")
                    || !parts[2].matches("[A-Z0-9]{1,16}")) {
                throw new IllegalArgumentException("not a candle cursor");
            }
            return new CandleCursor(parts[1], parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3])));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("cursor is not one a 'next' link of this API gave: '" + raw + "'");
        }
    }
}
