package io.tickstream.backup.trim;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.streams.StreamIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backlog gauges per stream, and the check that the ingest memory guard ({@code MAXLEN}) never dropped
 * entries the group had not archived:
 * <ul>
 *   <li>{@code tickstream.backup.lag} {stream}: entries not yet archived (pending + not yet delivered)</li>
 *   <li>{@code tickstream.backup.pending} {stream}: delivered, not yet acknowledged</li>
 *   <li>{@code tickstream.backup.oldest.pending.age} {stream}: seconds since the oldest unacknowledged
 *       entry was added; 0 when none</li>
 *   <li>{@code tickstream.backup.stream.length} {stream}: entries in the stream</li>
 *   <li>{@code tickstream.backup.trimmed} {stream}: entries this service trimmed</li>
 *   <li>{@code tickstream.backup.guard.overruns} {stream}: times entries were found deleted ahead of the
 *       group, and {@code tickstream.backup.guard.dropped} {stream}: how many (from Redis' counters;
 *       at least 1 per overrun when Redis cannot tell). Each overrun is also an ERROR log line.</li>
 * </ul>
 * An overrun is seen when the oldest entry left in the stream is newer than what the group has read
 * while Redis' counters say entries were added in between (or a pending entry is older than the oldest
 * entry left): this service's own trimming never gets there, so someone else (the ingest cap) removed
 * unarchived entries. A group created on a stream whose head was trimmed before it existed reports
 * those entries once, too: they were never archived either.
 */
final class BacklogMonitor {

    private static final Logger log = LoggerFactory.getLogger(BacklogMonitor.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, StreamGauges> gauges = new ConcurrentHashMap<>();
    private final Map<String, Long> reportedDropped = new ConcurrentHashMap<>();
    private final Map<String, String> reportedFirstEntry = new ConcurrentHashMap<>();
    private final Map<String, String> reportedPending = new ConcurrentHashMap<>();

    BacklogMonitor(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Updates the gauges and checks for an overrun; true when one is found. */
    boolean record(StreamState state) {
        StreamGauges g = gauges.computeIfAbsent(state.stream(), this::register);
        g.lag.set(state.unarchived());
        g.pending.set(state.pending());
        g.length.set(state.length());
        g.oldestPendingAgeMs.set(state.oldestPendingId() == null ? 0
                : Math.max(0, clock.millis() - StreamIds.time(state.oldestPendingId()).toEpochMilli()));
        return checkOverrun(state);
    }

    /** The latest figures per stream, for the health endpoint. */
    Map<String, Map<String, Object>> snapshot() {
        Map<String, Map<String, Object>> view = new java.util.TreeMap<>();
        gauges.forEach((stream, g) -> view.put(stream, Map.of(
                "unarchived", g.lag.get(),
                "pending", g.pending.get(),
                "length", g.length.get(),
                "oldestPendingAgeSeconds", g.oldestPendingAgeMs.get() / 1000)));
        return view;
    }

    void trimmed(String stream, long count) {
        registry.counter("tickstream.backup.trimmed", "stream", stream).increment(count);
    }

    private boolean checkOverrun(StreamState state) {
        Long dropped = state.droppedUnread();
        long increment;
        if (dropped == null) {
            // Redis cannot count: one per new oldest entry id while the group lags behind a trimmed head
            increment = state.firstEntryId().equals(reportedFirstEntry.put(state.stream(), state.firstEntryId())) ? 0 : 1;
        } else {
            long before = reportedDropped.getOrDefault(state.stream(), 0L);
            reportedDropped.put(state.stream(), dropped);
            increment = Math.max(0, dropped - before);
        }
        if (state.pendingTrimmed() && !String.valueOf(state.oldestPendingId()).equals(reportedPending.put(state.stream(),
                String.valueOf(state.oldestPendingId())))) {
            increment = Math.max(increment, 1);
        }
        if (increment == 0) {
            return false;
        }
        registry.counter("tickstream.backup.guard.overruns", "stream", state.stream()).increment();
        registry.counter("tickstream.backup.guard.dropped", "stream", state.stream()).increment(increment);
        log.error("{}: ~{} entries were removed before the backup group archived them (oldest entry left {}, group at {}). "
                        + "The ingest MAXLEN memory guard was hit: archiving is too slow or was down; raise the cap or fix the backlog.",
                state.stream(), increment, state.firstEntryId(), state.committedBelow());
        return true;
    }

    private StreamGauges register(String stream) {
        StreamGauges g = new StreamGauges();
        Gauge.builder("tickstream.backup.lag", g.lag, AtomicLong::get).tag("stream", stream)
                .description("entries not yet archived").register(registry);
        Gauge.builder("tickstream.backup.pending", g.pending, AtomicLong::get).tag("stream", stream).register(registry);
        Gauge.builder("tickstream.backup.stream.length", g.length, AtomicLong::get).tag("stream", stream).register(registry);
        Gauge.builder("tickstream.backup.oldest.pending.age", g.oldestPendingAgeMs, v -> v.get() / 1000.0)
                .tag("stream", stream).baseUnit("seconds").register(registry);
        return g;
    }

    private static final class StreamGauges {
        final AtomicLong lag = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        final AtomicLong length = new AtomicLong();
        final AtomicLong oldestPendingAgeMs = new AtomicLong();
    }
}
