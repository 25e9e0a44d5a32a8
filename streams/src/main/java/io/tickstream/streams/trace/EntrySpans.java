package io.tickstream.streams.trace;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamFields;

/**
 * Spans that continue a stream entry's trace: a consumer span whose parent is the entry's
 * {@code traceparent} (the ingest span that appended it), so the work on the entry joins the trace of
 * the poll that produced it and is recorded exactly when that trace was sampled. Every span carries the
 * {@code stream}, the stream entry id ({@code entry.id}) and the event {@code type}; callers add their own
 * tags. With tracing off ({@link #none()}) every span is {@link Span#NOOP}.
 */
public final class EntrySpans {

    private static final Propagator.Getter<String> TRACEPARENT =
            (traceparent, key) -> StreamFields.TRACEPARENT.equals(key) ? traceparent : null;

    private final Tracer tracer;
    private final Propagator propagator;

    public EntrySpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator == null ? Propagator.NOOP : propagator;
    }

    /** No spans at all (tracing off, tests that do not look at them). */
    public static EntrySpans none() {
        return new EntrySpans(Tracer.NOOP, Propagator.NOOP);
    }

    /** False when every span would be a no-op. */
    public boolean enabled() {
        return tracer != Tracer.NOOP;
    }

    /** The builder of the span {@code name} of {@code event}, entry {@code entryId} of {@code stream}. */
    public Span.Builder builder(String name, MarketEvent event, String stream, String entryId) {
        return propagator.extract(event.meta().traceparent(), TRACEPARENT)
                .name(name).kind(Span.Kind.CONSUMER)
                .tag("stream", stream).tag("entry.id", entryId).tag("type", event.type().wireName());
    }

    /** Starts the span {@code name} of {@code event}, entry {@code entryId} of {@code stream}. */
    public Span start(String name, MarketEvent event, String stream, String entryId) {
        return enabled() ? builder(name, event, stream, entryId).start() : Span.NOOP;
    }
}
