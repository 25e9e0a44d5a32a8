package io.tickstream.backup.archive;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.common.stream.StreamFields;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backup.archive} span of each archived entry: a consumer span whose parent is the entry's
 * {@code traceparent} (the ingest span that appended it), so the archive write joins the poll's trace
 * and is recorded exactly when that trace was sampled. A batch's spans start once its entries are
 * decoded and end when the batch is done, after the commit and the acknowledgement; they carry the
 * {@code stream}, the stream entry id ({@code entry.id}), the event {@code type} and the entry's
 * {@code outcome} ({@code archived}, {@code pending} or {@code dead_letter}), or the error that failed
 * the batch.
 */
public final class ArchiveSpans {

    static final String NAME = "backup.archive";
    private static final Propagator.Getter<String> TRACEPARENT =
            (traceparent, key) -> StreamFields.TRACEPARENT.equals(key) ? traceparent : null;

    private final Tracer tracer;
    private final Propagator propagator;

    public ArchiveSpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No spans at all (tracing off, tests that do not look at them). */
    public static ArchiveSpans none() {
        return new ArchiveSpans(Tracer.NOOP, Propagator.NOOP);
    }

    /** Starts the spans of a batch's decoded entries. */
    Batch start(String stream, List<DecodedEntry> entries) {
        if (tracer == Tracer.NOOP || entries.isEmpty()) {
            return Batch.EMPTY;
        }
        Map<String, Span> spans = new LinkedHashMap<>(entries.size() * 2);
        for (DecodedEntry entry : entries) {
            spans.put(entry.streamId(), propagator.extract(entry.event().meta().traceparent(), TRACEPARENT)
                    .name(NAME).kind(Span.Kind.CONSUMER)
                    .tag("stream", stream).tag("entry.id", entry.streamId()).tag("type", entry.event().type().wireName())
                    .start());
        }
        return new Batch(spans);
    }

    /** The spans of one batch, by stream entry id. */
    static final class Batch {

        static final Batch EMPTY = new Batch(Map.of());

        private final Map<String, Span> spans;

        private Batch(Map<String, Span> spans) {
            this.spans = spans;
        }

        void outcome(Collection<String> streamIds, String outcome) {
            for (String id : streamIds) {
                Span span = spans.get(id);
                if (span != null) {
                    span.tag("outcome", outcome);
                }
            }
        }

        void fail(Throwable error) {
            spans.values().forEach(span -> span.error(error));
        }

        void end() {
            spans.values().forEach(Span::end);
        }
    }
}
