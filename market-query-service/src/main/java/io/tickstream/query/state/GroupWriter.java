package io.tickstream.query.state;

import io.micrometer.tracing.Span;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.query.RedisAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Consumer group {@code query}: every entry of the data streams is written once (by one instance)
 * into the shared L2 state ({@link SharedState}), then acknowledged. Created on first start at
 * {@link StreamsProperties#bootstrapWindow()} back (so the state starts with the latest of every
 * series, without replaying a long stream). Non-blocking XREADGROUP every poll interval on the shared
 * connection; pending entries of a dead consumer idle for {@link StreamsProperties#reclaimIdle()} are
 * claimed (XCLAIM) and written by this one. Writes are idempotent (newer source time wins), so a
 * redelivery is harmless.
 *
 * <p>Shutdown: the loops stop before the web server drains (default lifecycle phase), so requests in
 * flight are still answered from memory; entries read but not yet acknowledged stay pending and are
 * claimed by another instance after {@code reclaim-idle}. Each start joins as a new consumer
 * ({@code query-<random>}); consumers of stopped instances stay listed in the group until removed by
 * an operator ({@code XGROUP DELCONSUMER}) once they hold nothing pending.
 */
@Component
class GroupWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupWriter.class);
    private static final Duration RECLAIM_EVERY = Duration.ofSeconds(15);
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

    private final ReactiveStringRedisTemplate redis;
    private final SharedState shared;
    private final StreamsProperties properties;
    private final RedisAvailability availability;
    private final Clock clock;
    private final StateSpans spans;
    private final Consumer consumer;
    private volatile Disposable loops;

    GroupWriter(ReactiveStringRedisTemplate redis, SharedState shared, StreamsProperties properties,
                RedisAvailability availability, Clock clock, StateSpans spans) {
        this.redis = redis;
        this.shared = shared;
        this.properties = properties;
        this.availability = availability;
        this.clock = clock;
        this.spans = spans;
        this.consumer = Consumer.from(properties.group(), "query-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void start() {
        Flux<Long> reads = Flux.interval(Duration.ZERO, properties.pollInterval()).onBackpressureDrop()
                .concatMap(tick -> readNew().expand(full -> full ? readNew() : Mono.empty()).then(Mono.just(tick)), 0);
        Flux<Long> reclaims = Flux.interval(RECLAIM_EVERY).onBackpressureDrop()
                .concatMap(tick -> reclaim().then(Mono.just(tick)), 0);
        loops = Disposables.composite(createGroups().thenMany(reads).subscribe(), reclaims.subscribe());
    }

    private Mono<Void> createGroups() {
        String start = StreamIds.at(clock.millis() - properties.bootstrapWindow().toMillis());
        return Flux.fromIterable(properties.dataStreams())
                .concatMap(stream -> redis.execute(connection -> connection.streamCommands().xGroupCreate(
                                ByteBuffer.wrap(stream.getBytes(StandardCharsets.UTF_8)), properties.group(),
                                ReadOffset.from(start), true))
                        .onErrorResume(e -> {
                            if (mentions(e, "BUSYGROUP")) {
                                return Mono.empty();
                            }
                            availability.failed(e);
                            return Mono.error(e);
                        }))
                .then()
                .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(5)));
    }

    @SuppressWarnings("unchecked")
    private Mono<Boolean> readNew() {
        StreamOffset<String>[] offsets = properties.dataStreams().stream()
                .map(stream -> StreamOffset.create(stream, ReadOffset.lastConsumed()))
                .toArray(StreamOffset[]::new);
        return redis.opsForStream().read(consumer, StreamReadOptions.empty().count(properties.batchSize()), offsets)
                .collectList()
                .flatMap(entries -> writeAndAck(entries)
                        .thenReturn(entries.size() >= properties.batchSize()))
                // a batch that hangs (silent network partition) is abandoned: unacknowledged entries are reclaimed
                .timeout(BATCH_TIMEOUT)
                .onErrorResume(e -> {
                    if (mentions(e, "NOGROUP")) {
                        // Redis lost its data (or someone deleted the group): create it again and go on
                        log.warn("consumer group {} is gone, creating it again", properties.group());
                        return createGroups().thenReturn(false);
                    }
                    availability.failed(e);
                    return Mono.just(false);
                });
    }

    /** Writes every entry, then acknowledges each stream's entries in one XACK. */
    private Mono<Void> writeAndAck(List<MapRecord<String, Object, Object>> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(entries)
                .flatMapSequential(entry -> StreamEntries.decode(entry)
                        .map(event -> write(entry, event))
                        .orElse(Mono.empty()), 32)
                .then(Flux.fromIterable(entries)
                        .groupBy(MapRecord::getStream)
                        .flatMap(byStream -> byStream.map(MapRecord::getId).collectList()
                                .flatMap(ids -> redis.opsForStream().acknowledge(byStream.key(), properties.group(),
                                        ids.toArray(RecordId[]::new))))
                        .then());
    }

    /** Writes one entry into the shared state, traced ({@link StateSpans}, tier {@code l2}). */
    private Mono<Void> write(MapRecord<String, Object, Object> entry, MarketEvent event) {
        String stream = entry.getStream();
        String id = entry.getId().getValue();
        return Mono.using(() -> spans.start(event, stream, id, "l2"),
                span -> shared.write(stream, id, event)
                        .doOnNext(changed -> span.tag("changed", changed))
                        .doOnError(span::error)
                        .then(),
                Span::end);
    }

    private Mono<Void> reclaim() {
        return Flux.fromIterable(properties.dataStreams())
                .concatMap(stream -> redis.opsForStream()
                        .pending(stream, properties.group(), Range.unbounded(), properties.batchSize())
                        .flatMapMany(pending -> Flux.fromIterable(pending))
                        .filter(message -> message.getElapsedTimeSinceLastDelivery().compareTo(properties.reclaimIdle()) >= 0)
                        .map(PendingMessage::getId)
                        .collectList()
                        .filter(ids -> !ids.isEmpty())
                        .flatMapMany(ids -> redis.opsForStream().claim(stream, properties.group(), consumer.getName(),
                                properties.reclaimIdle(), ids.toArray(RecordId[]::new)))
                        .collectList()
                        .flatMap(claimed -> {
                            if (!claimed.isEmpty()) {
                                log.info("reclaimed {} idle pending entries of {}", claimed.size(), stream);
                            }
                            return writeAndAck(claimed);
                        }))
                .then()
                .onErrorResume(e -> {
                    availability.failed(e);
                    return Mono.empty();
                });
    }

    private static boolean mentions(Throwable error, String code) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (String.valueOf(e.getMessage()).contains(code)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void stop() {
        Disposable running = loops;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = loops;
        return running != null && !running.isDisposed();
    }
}
