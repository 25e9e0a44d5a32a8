package io.tickstream.ingest.publish;

import io.micrometer.tracing.TraceContext;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C trace context ({@code traceparent}) written into each stream entry: the context of the span
 * that appends it, so every consumer continues the trace of the poll that produced the entry (and
 * records its spans exactly when that poll was sampled). Always W3C, whatever the HTTP propagation
 * settings: it is part of the stream contract.
 */
public final class TraceParent {

    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private TraceParent() {
    }

    /**
     * {@code 00-<32 hex trace id>-<16 hex span id>-<flags>} of {@code context}, flags {@code 01} when it
     * is sampled and {@code 00} when not; a {@link #newRoot()} when it has no valid ids (tracing is off).
     */
    public static String of(TraceContext context) {
        String traceId = context == null ? null : context.traceId();
        String spanId = context == null ? null : context.spanId();
        if (!valid(traceId, 32, ZERO_TRACE) || !valid(spanId, 16, ZERO_SPAN)) {
            return newRoot();
        }
        return "00-" + traceId + "-" + spanId + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
    }

    /**
     * A new root that is not sampled: {@code 00-<random trace id>-<random span id>-00}. Nothing recorded
     * the producing side, so consumers record nothing either, but the entry still carries a well-formed
     * context (required by the contract).
     */
    public static String newRoot() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "00-" + hex.toHexDigits(random.nextLong() | 1L) + hex.toHexDigits(random.nextLong())
                + "-" + hex.toHexDigits(random.nextLong() | 1L) + "-00";
    }

    private static boolean valid(String id, int length, String zero) {
        return id != null && id.length() == length && !id.equals(zero);
    }
}
