package io.tickstream.backup.archive;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.streams.group.BatchOutcome.Disposition;
import io.tickstream.streams.trace.EntrySpans;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code backup.archive} span of each archived entry, an {@link EntrySpans} span: it continues the
 * entry's trace (the ingest span that appended it) and carries the {@code stream}, the stream entry id
 * ({@code entry.id}) and the event {@code type}. A batch's spans start once its entries are decoded and
 * end when the group consumer has settled the batch, after the commit and the acknowledgement, tagged
 * with the entry's {@code outcome} ({@code archived}, {@code pending} or {@code dead_letter}); or they
 * end with the error that failed the batch.
 */
public final class ArchiveSpans {

    static final String NAME = "backup.archive";

    private final EntrySpans spans;

    public ArchiveSpans(EntrySpans spans) {
        this.spans = spans;
    }

    public ArchiveSpans(Tracer tracer, Propagator propagator) {
        this(new EntrySpans(tracer, propagator));
    }

    /** No spans at all (tracing off, tests that do not look at them). */
    public static ArchiveSpans none() {
        return new ArchiveSpans(EntrySpans.none());
    }

    /** Starts the spans of a batch's decoded entries. */
    Batch start(String stream, List<DecodedEntry> entries) {
        if (!spans.enabled() || entries.isEmpty()) {
            return Batch.EMPTY;
        }
        Map<String, Span> started = new LinkedHashMap<>(entries.size() * 2);
        for (DecodedEntry entry : entries) {
            started.put(entry.streamId(), spans.start(NAME, entry.event(), stream, entry.streamId()));
        }
        return new Batch(started);
    }

    /** The spans of one batch, by stream entry id; ended once. */
    static final class Batch {

        static final Batch EMPTY = new Batch(Map.of());

        private final Map<String, Span> spans;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Batch(Map<String, Span> spans) {
            this.spans = spans;
        }

        /** Tags each span with what became of its entry, then ends them all. */
        void settled(Map<String, Disposition> dispositions) {
            if (spans.isEmpty() || !ended.compareAndSet(false, true)) {
                return;
            }
            spans.forEach((id, span) -> {
                Disposition d = dispositions.get(id);
                if (d != null) {
                    span.tag("outcome", switch (d) {
                        case ACKNOWLEDGED -> "archived";
                        case PENDING -> "pending";
                        case DEAD_LETTERED -> "dead_letter";
                    });
                }
                span.end();
            });
        }

        /** Records {@code error} on every span and ends them. */
        void fail(Throwable error) {
            if (spans.isEmpty() || !ended.compareAndSet(false, true)) {
                return;
            }
            spans.values().forEach(span -> span.error(error).end());
        }

        /** Ends the spans as they are (the batch was cancelled). */
        void end() {
            if (spans.isEmpty() || !ended.compareAndSet(false, true)) {
                return;
            }
            spans.values().forEach(Span::end);
        }
    }
}
