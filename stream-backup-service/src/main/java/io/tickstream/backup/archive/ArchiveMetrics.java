package io.tickstream.backup.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The archiver's meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code tickstream.backup.batch.size} {stream}: entries per batch [{@code _count/_sum/_max}]</li>
 *   <li>{@code tickstream.backup.batch.latency} {stream}: decode + write + acknowledge per batch</li>
 *   <li>{@code tickstream.backup.rows.written} {table}: rows inserted</li>
 *   <li>{@code tickstream.backup.duplicates.skipped} {table}: rows already archived (redelivery, replay)</li>
 * </ul>
 * The group consumer of the streams layer keeps the rest under the same prefix ({@code
 * GroupOptions.metricPrefix}, see {@link Archiver}): {@code tickstream.backup.dlq} {stream} (entries moved
 * to the dead-letter stream), {@code tickstream.backup.entries.lost} {stream} (pending entries found deleted
 * from the stream before they were archived: trimmed by the ingest memory guard),
 * {@code tickstream.backup.errors} {stream, kind} (failed rounds: {@code redis}, {@code postgres},
 * {@code nogroup}), {@code tickstream.backup.reclaimed} {stream} (idle pending entries taken over from
 * other consumers) and the gauges {@code tickstream.backup.group.pending} and {@code .group.lag}.
 * Backlog gauges (lag, oldest pending age) live with the upkeep loop.
 */
public final class ArchiveMetrics {

    private final MeterRegistry registry;
    private final Map<String, Object> meters = new ConcurrentHashMap<>();

    public ArchiveMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void batch(String stream, int size, Duration latency) {
        meter("size" + stream, () -> DistributionSummary.builder("tickstream.backup.batch.size")
                .tag("stream", stream).register(registry), DistributionSummary.class).record(size);
        meter("latency" + stream, () -> Timer.builder("tickstream.backup.batch.latency")
                .tag("stream", stream).register(registry), Timer.class).record(latency);
    }

    void written(Map<String, WriteResult> results) {
        results.forEach((table, result) -> {
            counter("tickstream.backup.rows.written", "table", table).increment(result.written());
            counter("tickstream.backup.duplicates.skipped", "table", table).increment(result.skipped());
        });
    }

    private Counter counter(String name, String tag, String value) {
        return meter(name + value, () -> registry.counter(name, tag, value), Counter.class);
    }

    private <T> T meter(String key, java.util.function.Supplier<T> create, Class<T> type) {
        return type.cast(meters.computeIfAbsent(key, k -> create.get()));
    }
}
