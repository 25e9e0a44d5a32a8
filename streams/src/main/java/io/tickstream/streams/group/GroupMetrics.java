package io.tickstream.streams.group;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A group consumer's meters, each tagged {@code stream}, under {@link GroupOptions#metricPrefix()}:
 * <ul>
 *   <li>{@code <prefix>.dlq}: entries moved to the dead-letter stream;</li>
 *   <li>{@code <prefix>.entries.lost}: pending entries found deleted before they were handled;</li>
 *   <li>{@code <prefix>.errors} {kind: {@code redis}, {@code nogroup} or the handler's kind}: failed rounds;</li>
 *   <li>{@code <prefix>.reclaimed}: idle pending entries taken over from other consumers;</li>
 *   <li>{@code <prefix>.group.pending} and {@code <prefix>.group.lag} (gauges, sampled every claim
 *       interval): entries delivered but not acknowledged, and entries not yet delivered to the group.</li>
 * </ul>
 */
final class GroupMetrics {

    private final MeterRegistry registry;
    private final String prefix;
    private final Map<String, Object> meters = new ConcurrentHashMap<>();

    GroupMetrics(MeterRegistry registry, String prefix) {
        this.registry = registry;
        this.prefix = prefix;
    }

    /** Registers the counters at zero, so dashboards and alerts see them before the first event. */
    void register(String stream) {
        counter("dlq", stream);
        counter("entries.lost", stream);
        counter("reclaimed", stream);
        gauge("group.pending", stream);
        gauge("group.lag", stream);
    }

    void deadLettered(String stream, int count) {
        counter("dlq", stream).increment(count);
    }

    void lost(String stream, int count) {
        counter("entries.lost", stream).increment(count);
    }

    void reclaimed(String stream, int count) {
        counter("reclaimed", stream).increment(count);
    }

    void error(String stream, String kind) {
        meter("errors" + stream + kind, () -> Counter.builder(prefix + ".errors")
                .tag("stream", stream).tag("kind", kind).register(registry), Counter.class).increment();
    }

    void backlog(String stream, long pending, long lag) {
        gauge("group.pending", stream).set(pending);
        gauge("group.lag", stream).set(lag);
    }

    private Counter counter(String name, String stream) {
        return meter(name + stream, () -> registry.counter(prefix + "." + name, "stream", stream), Counter.class);
    }

    private AtomicLong gauge(String name, String stream) {
        return meter(name + stream, () -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(prefix + "." + name, value, AtomicLong::get).tag("stream", stream).register(registry);
            return value;
        }, AtomicLong.class);
    }

    private <T> T meter(String key, java.util.function.Supplier<T> create, Class<T> type) {
        return type.cast(meters.computeIfAbsent(key, k -> create.get()));
    }
}
