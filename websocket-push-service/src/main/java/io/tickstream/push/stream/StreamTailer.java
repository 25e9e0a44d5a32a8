package io.tickstream.push.stream;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.tracing.Span;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tails the three data streams into the {@link ChannelHub}. Every instance reads every entry (no
 * consumer group), so any instance can serve any client. It reads with {@code XREAD BLOCK} on a
 * connection of its own, opened from the Spring-configured Lettuce client, because a blocking read on
 * the shared connection would stall every other command; entries are applied on one fan-out thread, in
 * stream order, off the Redis event loop.
 *
 * <p>At start, and whenever the epoch changes (Redis lost its data), it reads back the last
 * {@code warmupEntries} of each stream to build the channels' state and replay history, then tails
 * from there. Before every read it runs {@code SET <epochKey> <random> NX GET}: the stored value is the
 * epoch; a new value means the data is new. Failures are logged and retried after {@code retryDelay}.
 *
 * <p>Until the first warm-up is done the instance has no state to answer subscriptions with:
 * {@link #warmedUp()} is false, the {@code streams} health indicator keeps the instance out of
 * readiness and handshakes are refused with 503. Start-up waits up to {@code startupWait} for it, so an
 * instance with Redis at hand takes its first connection warm.
 */
@Component
public class StreamTailer implements SmartLifecycle {

    /** Start before the web server takes connections; stop after the sessions are closed. */
    public static final int PHASE = 0;

    private static final Logger log = LoggerFactory.getLogger(StreamTailer.class);

    private final LettuceConnectionFactory factory;
    private final ChannelHub hub;
    private final PushMetrics metrics;
    private final StreamsProperties properties;
    private final SendSpans spans;
    private final Map<String, String> cursors = new LinkedHashMap<>();
    private final Scheduler fanout = Schedulers.newSingle("push-fanout", true);
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile Disposable loop;
    private volatile String epoch = "";
    private final CountDownLatch firstWarmup = new CountDownLatch(1);

    public StreamTailer(LettuceConnectionFactory factory, ChannelHub hub, PushMetrics metrics, StreamsProperties properties,
                        SendSpans spans) {
        this.factory = factory;
        this.hub = hub;
        this.metrics = metrics;
        this.properties = properties;
        this.spans = spans;
    }

    @Override
    public void start() {
        loop = Mono.fromCallable(this::connect)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(commands -> Flux.defer(() -> cycle(commands)).repeat())
                .onErrorResume(e -> {
                    log.warn("tailing streams failed, retrying in {}: {}", properties.retryDelay(), e.toString());
                    return Mono.delay(properties.retryDelay()).then(Mono.empty());
                })
                .repeat()
                .subscribe();
        awaitFirstWarmup();
    }

    /** Start-up only (the lifecycle thread, before the server binds): never on a request path. */
    private void awaitFirstWarmup() {
        try {
            if (!firstWarmup.await(properties.startupWait().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("streams not warmed up after {}: starting anyway, not ready and refusing handshakes until they are",
                        properties.startupWait());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the channels hold the streams' state (the first warm-up is done). */
    public boolean warmedUp() {
        return !epoch.isEmpty();
    }

    /** The epoch of the data the channels hold; empty before the first warm-up. */
    public String epoch() {
        return epoch;
    }

    private RedisReactiveCommands<String, String> connect() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || !current.isOpen()) {
            if (!(factory.getRequiredNativeClient() instanceof RedisClient client)) {
                throw new IllegalStateException("the push service needs a standalone Redis (or Sentinel) client");
            }
            current = client.connect(StringCodec.UTF8);
            connection = current;
        }
        return current.reactive();
    }

    /** One round: check the epoch (warming up again when it changed), then one blocking read. */
    private Mono<Void> cycle(RedisReactiveCommands<String, String> redis) {
        return redis.setGet(properties.epochKey(), UUID.randomUUID().toString(), SetArgs.Builder.nx())
                .switchIfEmpty(Mono.defer(() -> redis.get(properties.epochKey())))
                .publishOn(fanout)
                .flatMap(current -> current.equals(epoch) ? read(redis) : warmup(redis, current));
    }

    private Mono<Void> warmup(RedisReactiveCommands<String, String> redis, String newEpoch) {
        return Flux.fromIterable(streams())
                .concatMap(stream -> redis.xrevrange(stream, Range.create("-", "+"), Limit.from(Math.max(1, properties.warmupEntries())))
                        .collectList().map(entries -> Map.entry(stream, entries)))
                .collectList()
                .publishOn(fanout)
                .doOnNext(all -> {
                    epoch = newEpoch;
                    hub.epoch(newEpoch);
                    for (Map.Entry<String, List<StreamMessage<String, String>>> stream : all) {
                        List<StreamMessage<String, String>> entries = new ArrayList<>(stream.getValue());
                        if (properties.warmupEntries() == 0 && !entries.isEmpty()) {
                            // no warm-up: only tail from the newest entry
                            cursors.put(stream.getKey(), entries.getFirst().getId());
                            continue;
                        }
                        Collections.reverse(entries);
                        entries.forEach(entry -> apply(entry, false));
                        cursors.put(stream.getKey(), entries.isEmpty() ? "0-0" : entries.getLast().getId());
                    }
                    log.info("epoch {}: warmed up from {}", newEpoch, cursors);
                    firstWarmup.countDown();
                })
                .then();
    }

    private Mono<Void> read(RedisReactiveCommands<String, String> redis) {
        XReadArgs.StreamOffset<String>[] offsets = cursors.entrySet().stream()
                .map(c -> XReadArgs.StreamOffset.from(c.getKey(), c.getValue()))
                .toArray(XReadArgs.StreamOffset[]::new);
        XReadArgs args = XReadArgs.Builder.block(properties.block()).count(properties.batchSize());
        return redis.xread(args, offsets)
                .collectList()
                .publishOn(fanout)
                .doOnNext(entries -> entries.forEach(entry -> apply(entry, true)))
                .then();
    }

    /** Applies one entry to its channel; a live one ({@code send}) is traced ({@link SendSpans}). */
    private void apply(StreamMessage<String, String> entry, boolean send) {
        cursors.put(entry.getStream(), entry.getId());
        MarketEvent event;
        try {
            event = StreamEntryCodec.decode(entry.getBody());
        } catch (EventDecodeException e) {
            metrics.undecodable();
            log.debug("skipping {} {}: {}", entry.getStream(), entry.getId(), e.getMessage());
            return;
        }
        if (send) {
            Span span = spans.start(event, entry.getStream(), entry.getId());
            try {
                span.tag("sessions", hub.apply(event, entry.getId()));
            } catch (RuntimeException e) {
                span.error(e);
                throw e;
            } finally {
                span.end();
            }
        } else {
            hub.apply(event, entry.getId());
        }
        metrics.entry();
    }

    private List<String> streams() {
        return List.of(properties.marketData(), properties.dashboard(), properties.health());
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.closeAsync();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
