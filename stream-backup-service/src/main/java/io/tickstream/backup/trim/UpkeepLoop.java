package io.tickstream.backup.trim;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.backup.LifecyclePhases;
import io.tickstream.backup.PeriodicLoop;
import io.tickstream.backup.archive.ArchiveProperties;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every {@link TrimProperties#interval()}, for each data stream: inspect the backup group's progress,
 * update the backlog gauges and the guard check ({@link BacklogMonitor}), then trim behind the committed
 * position ({@link StreamTrimmer}). Every instance runs it; trimming is idempotent, so that is harmless.
 * A failed round is logged and the next one tries again.
 */
public class UpkeepLoop extends PeriodicLoop {

    private static final Logger log = LoggerFactory.getLogger(UpkeepLoop.class);

    private final List<String> streams;
    private final TrimProperties properties;
    private final StreamInspector inspector;
    private final StreamTrimmer trimmer;
    private final BacklogMonitor monitor;
    private final Clock clock;

    public UpkeepLoop(List<String> streams, TrimProperties properties, ArchiveProperties archive,
                      RedisConnections redis, MeterRegistry meters, Clock clock) {
        // first round soon after start, so the gauges and the health details have figures at once
        super(Duration.ofSeconds(1), properties.interval(), LifecyclePhases.UPKEEP);
        this.streams = streams;
        this.properties = properties;
        this.inspector = new StreamInspector(redis, archive.group());
        this.trimmer = new StreamTrimmer(redis, properties);
        this.monitor = new BacklogMonitor(meters, clock);
        this.clock = clock;
    }

    /** The latest backlog figures per stream (unarchived, pending, length, oldest pending age). */
    public Map<String, Map<String, Object>> backlog() {
        return monitor.snapshot();
    }

    /** One round over every stream. */
    @Override
    public Mono<Void> runOnce() {
        return Flux.fromIterable(streams).concatMap(this::upkeep).then();
    }

    private Mono<Void> upkeep(String stream) {
        return inspector.inspect(stream)
                .flatMap(state -> {
                    monitor.record(state);
                    if (!properties.enabled()) {
                        return Mono.empty();
                    }
                    return trimmer.trim(state, clock.instant()).doOnNext(n -> monitor.trimmed(stream, n));
                })
                .then()
                .onErrorResume(e -> {
                    log.warn("upkeep of {} failed: {}", stream, e.toString());
                    return Mono.empty();
                });
    }
}
