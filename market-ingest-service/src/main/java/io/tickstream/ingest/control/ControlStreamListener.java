package io.tickstream.ingest.control;

import io.lettuce.core.XAddArgs;
import io.tickstream.common.stream.ControlCommand;
import io.tickstream.ingest.lease.LifecyclePhases;
import io.tickstream.ingest.poll.PollScheduler;
import io.tickstream.ingest.publish.PublishProperties;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.tail.StreamTail;
import io.tickstream.streams.tail.TailHandler;
import io.tickstream.streams.tail.TailOptions;
import io.tickstream.streams.tail.TailStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Tails the ingest control stream and carries out its commands on this instance: {@code refresh}
 * polls the named source (or all) where this instance holds the lease. Every instance reads every
 * command (the streams layer's tail, no consumer group), so the lease holder always sees it; it starts
 * after the newest command (older ones were for instances before it) and reads with a blocking read on
 * a connection of its own, so a command is carried out at once.
 */
@Component
public class ControlStreamListener implements SmartLifecycle, TailHandler {

    private static final Logger log = LoggerFactory.getLogger(ControlStreamListener.class);
    private static final long MAX_COMMANDS = 1_000;

    private final RedisConnections redis;
    private final PollScheduler scheduler;
    private final String stream;
    private final StreamTail tail;

    public ControlStreamListener(RedisConnections redis, PollScheduler scheduler, PublishProperties streams) {
        this.redis = redis;
        this.scheduler = scheduler;
        this.stream = streams.controlStream();
        this.tail = new StreamTail(redis, TailOptions.builder("ingest-control", List.of(stream))
                .start(TailStart.latest()).block(Duration.ofSeconds(1)).batchSize(100).build(), this);
    }

    /** Appends a command for every instance; emits its entry id. */
    public Mono<String> send(ControlCommand command) {
        return redis.shared().flatMap(c -> c.xadd(stream, XAddArgs.Builder.maxlen(MAX_COMMANDS).approximateTrimming(),
                command.toFields()));
    }

    @Override
    public void onEntries(List<StreamEntry> entries, boolean live) {
        entries.forEach(entry -> handle(entry.fields()));
    }

    private void handle(Map<String, String> fields) {
        ControlCommand command = ControlCommand.fromFields(fields);
        if (!ControlCommand.REFRESH.equals(command.command())) {
            log.warn("ignoring unknown control command {}", fields);
            return;
        }
        log.info("control {}: refreshing {} here", command, scheduler.refresh(command.source()));
    }

    @Override
    public void start() {
        tail.start();
    }

    @Override
    public void stop() {
        tail.stop();
    }

    @Override
    public boolean isRunning() {
        return tail.isRunning();
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.POLLERS;
    }
}
