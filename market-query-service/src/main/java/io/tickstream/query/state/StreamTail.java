package io.tickstream.query.state;

import io.micrometer.tracing.Span;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.query.RedisAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this instance's {@link MarketState} current, whichever instance's group consumer handled an
 * entry: loads the shared L2 snapshot once, then tails every data stream (no consumer group) from the
 * snapshot's position minus {@link StreamsProperties#tailOverlap()}: no gap, no full replay.
 *
 * <p>Reads are non-blocking XREADs every {@link StreamsProperties#pollInterval()} on the shared
 * connection (a blocking read there would stall every other command); a full batch is followed at
 * once by the next. A failed read is retried at the next tick from the same position.
 */
@Component
class StreamTail implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamTail.class);
    /** Every this many polls (5 s at 50 ms), look for streams whose ids restarted. */
    private static final long RESTART_CHECK_TICKS = 100;
    /** A read that hangs (a silent network partition) is abandoned and retried at the next tick. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final ReactiveStringRedisTemplate redis;
    private final SharedState shared;
    private final MarketState state;
    private final StreamsProperties properties;
    private final RedisAvailability availability;
    private final Clock clock;
    private final StateSpans spans;
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    private volatile Disposable loop;
    private volatile boolean ready;

    StreamTail(ReactiveStringRedisTemplate redis, SharedState shared, MarketState state, StreamsProperties properties,
               RedisAvailability availability, Clock clock, StateSpans spans) {
        this.redis = redis;
        this.shared = shared;
        this.state = state;
        this.properties = properties;
        this.availability = availability;
        this.clock = clock;
        this.spans = spans;
    }

    @Override
    public void start() {
        loop = loadSnapshot()
                .thenMany(Flux.interval(Duration.ZERO, properties.pollInterval()).onBackpressureDrop()
                        .concatMap(tick -> tick % RESTART_CHECK_TICKS == RESTART_CHECK_TICKS - 1
                                ? checkRestarts().then(drain()) : drain(), 0))
                .subscribe();
    }

    /** True once the snapshot is loaded (readiness). */
    boolean ready() {
        return ready;
    }

    private Mono<Void> loadSnapshot() {
        return shared.read()
                .doOnNext(snapshot -> {
                    snapshot.events().forEach(state::apply);
                    String bootstrap = StreamIds.at(clock.millis() - properties.bootstrapWindow().toMillis());
                    for (String stream : properties.dataStreams()) {
                        String position = snapshot.positions().get(stream);
                        cursors.put(stream, position == null ? bootstrap
                                : StreamIds.minus(position, properties.tailOverlap().toMillis()));
                    }
                    ready = true;
                    availability.succeeded();
                    log.info("snapshot loaded: {} events; tailing from {}", snapshot.events().size(), cursors);
                })
                .doOnError(availability::failed)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
                .then();
    }

    /** Reads every stream after its cursor until a read returns less than a full batch. */
    private Mono<Void> drain() {
        return readOnce().expand(full -> full ? readOnce() : Mono.empty()).then();
    }

    /**
     * Stream ids restart when Redis loses its data: a stream whose last entry is before this tail's
     * cursor was recreated, so the tail starts it again from the beginning (applying is idempotent).
     */
    private Mono<Void> checkRestarts() {
        return Flux.fromIterable(properties.dataStreams())
                .concatMap(stream -> redis.opsForStream()
                        .reverseRange(stream, org.springframework.data.domain.Range.unbounded(),
                                org.springframework.data.redis.connection.Limit.limit().count(1))
                        .next()
                        .doOnNext(last -> {
                            String cursor = cursors.getOrDefault(stream, StreamIds.ZERO);
                            if (StreamIds.compare(last.getId().getValue(), cursor) < 0) {
                                log.warn("{} restarted (last id {} is before {}): tailing it from the beginning",
                                        stream, last.getId().getValue(), cursor);
                                cursors.put(stream, StreamIds.ZERO);
                            }
                        }))
                .then()
                .onErrorResume(e -> Mono.empty());
    }

    private Mono<Boolean> readOnce() {
        StreamOffset<String>[] offsets = offsets();
        return redis.opsForStream().read(StreamReadOptions.empty().count(properties.batchSize()), offsets)
                .collectList()
                .timeout(READ_TIMEOUT)
                .map(this::apply)
                .doOnSuccess(full -> availability.succeeded())
                .onErrorResume(e -> {
                    availability.failed(e);
                    return Mono.just(false);
                });
    }

    private boolean apply(List<MapRecord<String, Object, Object>> entries) {
        Map<String, Integer> perStream = new LinkedHashMap<>();
        for (MapRecord<String, Object, Object> entry : entries) {
            StreamEntries.decode(entry).ifPresent(event -> apply(entry, event));
            cursors.put(entry.getStream(), entry.getId().getValue());
            perStream.merge(entry.getStream(), 1, Integer::sum);
        }
        return perStream.values().stream().anyMatch(n -> n >= properties.batchSize());
    }

    private void apply(MapRecord<String, Object, Object> entry, MarketEvent event) {
        Span span = spans.start(event, entry.getStream(), entry.getId().getValue(), "l1");
        try {
            span.tag("changed", state.apply(event));
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    @SuppressWarnings("unchecked")
    private StreamOffset<String>[] offsets() {
        return properties.dataStreams().stream()
                .map(stream -> StreamOffset.create(stream, ReadOffset.from(cursors.getOrDefault(stream, StreamIds.ZERO))))
                .toArray(StreamOffset[]::new);
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }
}
