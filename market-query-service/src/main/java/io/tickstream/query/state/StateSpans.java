package io.tickstream.query.state;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamFields;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@code query.state.update} span of each stream entry applied to the market state: a consumer
 * span whose parent is the entry's {@code traceparent}, so the update joins the trace of the poll that
 * produced the entry (and is recorded exactly when that trace was sampled). Tags: {@code tier}
 * ({@code l1}: this instance's {@link MarketState}, applied by every instance's tail; {@code l2}: the
 * shared state in Redis, written once by the group), {@code stream}, {@code entry.id}, {@code type},
 * and {@code changed} (whether the entry was newer than what the state held).
 */
@Component
class StateSpans {

    static final String NAME = "query.state.update";
    private static final Propagator.Getter<String> TRACEPARENT =
            (traceparent, key) -> StreamFields.TRACEPARENT.equals(key) ? traceparent : null;

    private final Tracer tracer;
    private final Propagator propagator;

    StateSpans(Tracer tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** Starts the span of applying {@code event}, entry {@code entryId} of {@code stream}, to {@code tier}. */
    Span start(MarketEvent event, String stream, String entryId, String tier) {
        if (tracer == Tracer.NOOP) {
            return Span.NOOP;
        }
        return propagator.extract(event.meta().traceparent(), TRACEPARENT)
                .name(NAME).kind(Span.Kind.CONSUMER)
                .tag("tier", tier).tag("stream", stream).tag("entry.id", entryId).tag("type", event.type().wireName())
                .start();
    }
}
