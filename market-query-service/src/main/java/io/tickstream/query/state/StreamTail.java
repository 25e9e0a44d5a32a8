package io.tickstream.query.state;

import io.micrometer.tracing.Span;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.common.stream.Partitions;
import io.tickstream.query.RedisAvailability;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamIds;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.tail.TailHandler;
import io.tickstream.streams.tail.TailOptions;
import io.tickstream.streams.tail.TailStart;
import io.tickstream.streams.trace.EntrySpans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps this instance's {@link MarketState} current, whichever instance's group consumer handled an
 * entry: the streams layer's tail of every data stream (no consumer group; a blocking XREAD on a
 * connection of its own), and this class its {@link TailHandler}. At the first start it loads the shared
 * L2 snapshot and tails from the snapshot's positions minus {@link StreamsProperties#tailOverlap()} (no
 * gap, no full replay); a stream the snapshot has no position for starts
 * {@link StreamsProperties#bootstrapWindow()} back. A failed read is retried from the same position, and
 * a stream whose ids restarted below the position (deleted and created again) is read again from its
 * beginning, both by the layer.
 *
 * <p>Redis availability: a loaded snapshot and every batch handed over count as successes, a failed
 * snapshot load as a failure; since the layer's loops do not report their reads, a {@code PING} every
 * {@link #HEARTBEAT} on the layer's shared connection reports whether Redis answers while the streams
 * are quiet or Redis is gone.
 */
@Component
class StreamTail implements SmartLifecycle, TailHandler {

    /** How often Redis is asked whether it answers (degraded within about this long of an outage). */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(StreamTail.class);

    private final RedisConnections redis;
    private final SharedState shared;
    private final MarketState state;
    private final StreamsProperties properties;
    private final List<String> streams;
    private final RedisAvailability availability;
    private final Clock clock;
    private final EntrySpans spans;
    private final io.tickstream.streams.tail.StreamTail tail;
    private volatile Disposable heartbeat;

    StreamTail(RedisConnections redis, SharedState shared, MarketState state, StreamsProperties properties,
               Partitions partitions, RedisAvailability availability, Clock clock, EntrySpans spans) {
        this.redis = redis;
        this.shared = shared;
        this.state = state;
        this.properties = properties;
        this.streams = properties.dataStreams(partitions);
        this.availability = availability;
        this.clock = clock;
        this.spans = spans;
        this.tail = new io.tickstream.streams.tail.StreamTail(redis,
                TailOptions.builder("query-state", streams)
                        // no epoch key, so no later start; one would read every stream from its beginning
                        .start(TailStart.at(first -> first ? loadSnapshot() : Mono.empty()))
                        .block(properties.block())
                        .batchSize(properties.batchSize())
                        .build(),
                this);
    }

    /** True once the snapshot is loaded (readiness). */
    boolean ready() {
        return tail.ready();
    }

    /** Applies the snapshot to the state; emits where each stream's tail starts. */
    private Mono<Map<String, String>> loadSnapshot() {
        return shared.read(streams)
                .map(snapshot -> {
                    snapshot.events().forEach(state::apply);
                    String bootstrap = StreamIds.at(clock.millis() - properties.bootstrapWindow().toMillis());
                    Map<String, String> positions = new LinkedHashMap<>();
                    for (String stream : streams) {
                        String position = snapshot.positions().get(stream);
                        positions.put(stream, position == null ? bootstrap
                                : StreamIds.minus(position, properties.tailOverlap().toMillis()));
                    }
                    availability.succeeded();
                    log.info("snapshot loaded: {} events; tailing from {}", snapshot.events().size(), positions);
                    return positions;
                })
                .doOnError(availability::failed);
    }

    @Override
    public void onEntries(List<StreamEntry> entries, boolean live) {
        for (StreamEntry entry : entries) {
            try {
                apply(entry, entry.decode());
            } catch (EventDecodeException e) {
                log.warn("skipping undecodable entry {} of {}: {}", entry.id(), entry.stream(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("applying entry {} of {} failed", entry.id(), entry.stream(), e);
            }
        }
        availability.succeeded();
    }

    /** Applies one event to this instance's state, traced ({@link EntrySpans}, tier {@code l1}). */
    private void apply(StreamEntry entry, MarketEvent event) {
        Span span = spans.start(GroupWriter.SPAN, event, entry.stream(), entry.id()).tag("tier", "l1");
        try {
            span.tag("changed", state.apply(event));
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public void start() {
        tail.start();
        heartbeat = Flux.interval(HEARTBEAT).onBackpressureDrop()
                .concatMap(tick -> redis.shared().flatMap(c -> c.ping()).timeout(HEARTBEAT)
                        .doOnSuccess(pong -> availability.succeeded())
                        .onErrorResume(e -> {
                            availability.failed(e);
                            return Mono.empty();
                        }), 0)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable beating = heartbeat;
        if (beating != null) {
            beating.dispose();
        }
        tail.stop();
    }

    @Override
    public boolean isRunning() {
        return tail.isRunning();
    }
}
