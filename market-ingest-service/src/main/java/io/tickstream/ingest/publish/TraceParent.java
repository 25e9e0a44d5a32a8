package io.tickstream.ingest.publish;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context ({@code traceparent}) for the events of one poll: a new trace per poll, so a
 * consumer can join its spans to the poll that produced the entry.
 */
public final class TraceParent {

    private TraceParent() {
    }

    /** A sampled root: {@code 00-<32 hex trace id>-<16 hex span id>-01}. */
    public static String newRoot() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "00-" + hex.toHexDigits(random.nextLong() | 1L) + hex.toHexDigits(random.nextLong())
                + "-" + hex.toHexDigits(random.nextLong() | 1L) + "-01";
    }
}
