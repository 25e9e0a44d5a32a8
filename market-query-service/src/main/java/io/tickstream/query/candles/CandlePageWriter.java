package io.tickstream.query.candles;

import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link CandleService.CandlePage} byte for byte as Jackson does, but its candles (a JSON array PostgreSQL
 * wrote, 1.4 MB for a year of hourly candles) copied once as bytes instead of passing through the generator, which
 * takes the string's characters in segments, encodes each and copies the result again (the largest cost of a cold
 * year's page in a profile after the SQL). The page's short fields still go through the mapper (its settings apply),
 * around a marker put where the candles go.
 */
final class CandlePageWriter {

    /** Written as the raw value in place of the candles; no JSON of the page's short fields can contain it. */
    private static final String MARKER = "\u0000candles\u0000";
    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.UTF_8);

    private CandlePageWriter() {
    }

    static byte[] write(JsonMapper json, CandleService.CandlePage page) {
        byte[] frame = json.writeValueAsBytes(new CandleService.CandlePage(page.symbol(), page.interval(), page.source(),
                page.quote(), page.from(), page.to(), MARKER, page.next()));
        int at = indexOf(frame, MARKER_BYTES);
        if (at < 0) {
            return json.writeValueAsBytes(page);
        }
        byte[] candles = page.candles().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[frame.length - MARKER_BYTES.length + candles.length];
        System.arraycopy(frame, 0, out, 0, at);
        System.arraycopy(candles, 0, out, at, candles.length);
        int rest = at + MARKER_BYTES.length;
        System.arraycopy(frame, rest, out, at + candles.length, frame.length - rest);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
