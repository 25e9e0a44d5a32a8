package io.tickstream.push.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The push service's meters, all prefixed {@code tickstream.push.} (Prometheus:
 * {@code tickstream_push_…}): connections and subscriptions (gauges), messages and bytes out,
 * conflated and dropped messages, disconnects by reason, rejected handshakes by reason, stream entries
 * applied and undecodable, and the delivery latency from an entry's {@code ingestTime} to the moment
 * its message is handed to the connection.
 */
@Component
public class PushMetrics {

    private final MeterRegistry registry;
    private final Counter messages;
    private final Counter bytes;
    private final Counter conflated;
    private final Counter dropped;
    private final Counter entries;
    private final Counter undecodable;
    private final Timer latency;
    private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.messages = Counter.builder("tickstream.push.messages.sent").description("messages handed to client connections").register(registry);
        this.bytes = Counter.builder("tickstream.push.sent").baseUnit("bytes").description("payload bytes of those messages").register(registry);
        this.conflated = Counter.builder("tickstream.push.messages.conflated")
                .description("updates replaced by a newer one of the same channel before a slow or rate-limited client got them").register(registry);
        this.dropped = Counter.builder("tickstream.push.messages.dropped")
                .description("queued messages discarded because their connection closed").register(registry);
        this.entries = Counter.builder("tickstream.push.entries").description("stream entries applied to channels").register(registry);
        this.undecodable = Counter.builder("tickstream.push.entries.undecodable").description("stream entries the codec rejected, skipped").register(registry);
        this.latency = Timer.builder("tickstream.push.delivery.latency")
                .description("from an entry's ingestTime to its message handed to the connection")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Registers the connection and subscription gauges. */
    public void gauges(Supplier<Number> connections, Supplier<Number> subscriptions) {
        Gauge.builder("tickstream.push.connections", connections).description("open WebSocket connections").register(registry);
        Gauge.builder("tickstream.push.subscriptions", subscriptions).description("channel subscriptions").register(registry);
    }

    public void sent(int payloadBytes) {
        messages.increment();
        bytes.increment(payloadBytes);
    }

    public void latency(long ingestTimeMs, long nowMs) {
        latency.record(Math.max(0, nowMs - ingestTimeMs), TimeUnit.MILLISECONDS);
    }

    public void conflated() {
        conflated.increment();
    }

    public void dropped(int count) {
        if (count > 0) {
            dropped.increment(count);
        }
    }

    public void entry() {
        entries.increment();
    }

    public void undecodable() {
        undecodable.increment();
    }

    /** A closed connection, by reason (see the README's close codes). */
    public void disconnect(String reason) {
        disconnects.computeIfAbsent(reason, r -> Counter.builder("tickstream.push.disconnects").tag("reason", r)
                .description("closed connections by reason").register(registry)).increment();
    }

    /** A refused handshake, by reason ({@code origin}, {@code token}, {@code ip_limit}, {@code rate}, {@code shutting_down}). */
    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("tickstream.push.handshakes.rejected").tag("reason", r)
                .description("refused WebSocket handshakes by reason").register(registry)).increment();
    }
}
