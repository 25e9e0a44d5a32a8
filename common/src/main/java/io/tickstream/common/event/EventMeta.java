package io.tickstream.common.event;

import java.util.Objects;

/**
 * Fields every stream entry carries, whatever its type.
 *
 * @param version     schema version ({@code v}); {@link #CURRENT_VERSION} for what this code writes
 * @param id          idempotency key ({@code id}): stable for the same source event, so a consumer
 *                    that sees it twice can tell; see the factory methods of each event for its form
 * @param source      the producing source ({@code source}), e.g. {@code binance}, {@code consensus}
 * @param sourceTime  when the source says the data is from, epoch milliseconds ({@code sourceTime})
 * @param ingestTime  when Tickstream received it, epoch milliseconds ({@code ingestTime})
 * @param traceparent W3C trace context ({@code traceparent}) so one trace spans poll, XADD and consumers
 */
public record EventMeta(int version, String id, String source, long sourceTime, long ingestTime, String traceparent) {

    /** The schema version this code writes. Readers accept this and older versions. */
    public static final int CURRENT_VERSION = 1;

    public EventMeta {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        requireText(id, "id");
        requireText(source, "source");
        requireText(traceparent, "traceparent");
        if (sourceTime < 0 || ingestTime < 0) {
            throw new IllegalArgumentException("times must be epoch milliseconds >= 0");
        }
    }

    /** Meta of the current schema version. */
    public static EventMeta of(String id, String source, long sourceTime, long ingestTime, String traceparent) {
        return new EventMeta(CURRENT_VERSION, id, source, sourceTime, ingestTime, traceparent);
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
