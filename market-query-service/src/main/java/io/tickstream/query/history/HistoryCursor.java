package io.tickstream.query.history;

import io.tickstream.query.problem.Problems;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page of raw history starts: after the last row given, by (source time, idempotency key), the
 * order pages are read in. Opaque to clients ({@code base64url("h1|<epoch ms>|<id>")}), carried in {@code next}.
 *
 * @param time the last row's source time
 * @param id   the last row's idempotency key
 */
record HistoryCursor(Instant time, String id) {

    private static final String VERSION = "h1";

    /** The start of a range: before every row at {@code from} (any key sorts after the empty one). */
    static HistoryCursor before(Instant from) {
        return new HistoryCursor(from, "");
    }

    String encode() {
        String raw = VERSION + "|" + time.toEpochMilli() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static HistoryCursor decode(String raw) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.UTF_8).split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals(VERSION) || parts[2].isEmpty() || parts[2].length() > 300) {
                throw new IllegalArgumentException("not a history cursor");
            }
            return new HistoryCursor(Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("cursor is not one a 'next' link of this API gave: '" + raw + "'");
        }
    }
}
