package io.tickstream.push.stream;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamFields;
import io.tickstream.push.channel.ChannelNames;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@code push.send} span of each live stream entry fanned out to the sessions: one consumer span per
 * entry (never one per client), whose parent is the entry's {@code traceparent}, so the send joins the
 * trace of the poll that produced the entry and is recorded exactly when that trace was sampled. It
 * covers folding the entry into its channel, writing the messages once and handing them to the
 * subscribers' connections; tags: {@code channel}, {@code stream}, {@code entry.id}, {@code type} and
 * {@code sessions} (how many subscribers the update was handed to). Entries read back at warm-up are
 * not traced: they are history, not sends.
 */
@Component
class SendSpans {

    static final String NAME = "push.send";
    private static final Propagator.Getter<String> TRACEPARENT =
            (traceparent, key) -> StreamFields.TRACEPARENT.equals(key) ? traceparent : null;

    private final Tracer tracer;
    private final Propagator propagator;

    SendSpans(Tracer tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** Starts the span of fanning out {@code event}, entry {@code entryId} of {@code stream}. */
    Span start(MarketEvent event, String stream, String entryId) {
        if (tracer == Tracer.NOOP) {
            return Span.NOOP;
        }
        return propagator.extract(event.meta().traceparent(), TRACEPARENT)
                .name(NAME).kind(Span.Kind.CONSUMER)
                .tag("channel", ChannelNames.of(event)).tag("stream", stream).tag("entry.id", entryId)
                .tag("type", event.type().wireName())
                .start();
    }
}
