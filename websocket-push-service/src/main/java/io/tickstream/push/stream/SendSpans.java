package io.tickstream.push.stream;

import io.micrometer.tracing.Span;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.push.channel.ChannelNames;
import io.tickstream.streams.trace.EntrySpans;
import org.springframework.stereotype.Component;

/**
 * The {@code push.send} span of each live stream entry fanned out to the sessions: one consumer span per
 * entry (never one per client), whose parent is the entry's {@code traceparent} ({@link EntrySpans}), so
 * the send joins the trace of the poll that produced the entry and is recorded exactly when that trace
 * was sampled. It covers folding the entry into its channel, writing the messages once and handing them
 * to the subscribers' connections; tags: {@code channel}, {@code stream}, {@code entry.id}, {@code type}
 * and {@code sessions} (how many subscribers the update was handed to). Entries read back at warm-up are
 * not traced: they are history, not sends.
 */
@Component
class SendSpans {

    static final String NAME = "push.send";

    private final EntrySpans spans;

    SendSpans(EntrySpans spans) {
        this.spans = spans;
    }

    /** Starts the span of fanning out {@code event}, entry {@code entryId} of {@code stream}. */
    Span start(MarketEvent event, String stream, String entryId) {
        if (!spans.enabled()) {
            return Span.NOOP;
        }
        return spans.builder(NAME, event, stream, entryId).tag("channel", ChannelNames.of(event)).start();
    }
}
