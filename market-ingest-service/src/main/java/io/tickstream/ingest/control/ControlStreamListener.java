package io.tickstream.ingest.control;

import io.tickstream.common.stream.ControlCommand;
import io.tickstream.ingest.lease.LifecyclePhases;
import io.tickstream.ingest.poll.PollScheduler;
import io.tickstream.ingest.publish.PublishProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Tails the ingest control stream and carries out its commands on this instance: {@code refresh}
 * polls the named source (or all) where this instance holds the lease. Every instance reads every
 * command (no consumer group), so the lease holder always sees it. Reads without {@code BLOCK} once a
 * second, so it never ties up the shared Redis connection; commands are rare and a second is soon.
 */
@Component
public class ControlStreamListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControlStreamListener.class);
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);
    private static final long BATCH = 100;
    private static final long MAX_COMMANDS = 1_000;

    private final ReactiveStringRedisTemplate redis;
    private final PollScheduler scheduler;
    private final String stream;
    private volatile Disposable loop;

    public ControlStreamListener(ReactiveStringRedisTemplate redis, PollScheduler scheduler, PublishProperties streams) {
        this.redis = redis;
        this.scheduler = scheduler;
        this.stream = streams.controlStream();
    }

    /** Appends a command for every instance; emits its entry id. */
    public Mono<String> send(ControlCommand command) {
        return redis.opsForStream()
                .add(StreamRecords.newRecord().in(stream).ofMap(command.toFields()),
                        RedisStreamCommands.XAddOptions.maxlen(MAX_COMMANDS).approximateTrimming(true))
                .map(RecordId::getValue);
    }

    @Override
    public void start() {
        loop = lastId()
                .flatMapMany(start -> {
                    String[] cursor = {start};
                    return Flux.interval(POLL_EVERY).onBackpressureDrop()
                            .concatMap(tick -> readAfter(cursor[0])
                                    .doOnNext(entry -> cursor[0] = entry.getId().getValue())
                                    .onErrorResume(e -> {
                                        log.warn("reading {} failed: {}", stream, e.toString());
                                        return Flux.empty();
                                    }), 0);
                })
                .subscribe(this::handle);
    }

    private Mono<String> lastId() {
        return redis.opsForStream().reverseRange(stream, Range.unbounded(), Limit.limit().count(1))
                .next().map(entry -> entry.getId().getValue())
                .defaultIfEmpty("0-0")
                .onErrorReturn("0-0");
    }

    private Flux<MapRecord<String, Object, Object>> readAfter(String id) {
        return redis.opsForStream().read(StreamReadOptions.empty().count(BATCH),
                StreamOffset.create(stream, ReadOffset.from(id)));
    }

    private void handle(MapRecord<String, Object, Object> entry) {
        Map<String, String> fields = new HashMap<>();
        entry.getValue().forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
        ControlCommand command = ControlCommand.fromFields(fields);
        if (!ControlCommand.REFRESH.equals(command.command())) {
            log.warn("ignoring unknown control command {}", fields);
            return;
        }
        log.info("control {}: refreshing {} here", command, scheduler.refresh(command.source()));
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

    @Override
    public int getPhase() {
        return LifecyclePhases.POLLERS;
    }
}
