package io.tickstream.query.state;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.common.stream.Partitions;
import io.tickstream.query.RedisAvailability;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamIds;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.group.BatchHandler;
import io.tickstream.streams.group.BatchOutcome;
import io.tickstream.streams.group.GroupConsumer;
import io.tickstream.streams.group.GroupOptions;
import io.tickstream.streams.trace.EntrySpans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Consumer group {@code query}: every entry of the data streams is written once (by one instance)
 * into the shared L2 state ({@link SharedState}), then acknowledged. The loops are the streams layer's
 * {@link GroupConsumer} (a blocking XREADGROUP per stream on a connection of its own, own pending
 * entries first, idle entries of dead consumers reclaimed after {@link StreamsProperties#reclaimIdle()},
 * {@code NOGROUP} recreates the group); this class is its {@link BatchHandler}. The group is created
 * {@link StreamsProperties#bootstrapWindow()} back from the moment of creation (so the state starts
 * with the latest of every series, without replaying a long stream). Writes are idempotent (newer
 * source time wins), so a redelivery is harmless. An entry that does not decode is acknowledged and
 * skipped with a log line: the backup service's group is the one that dead-letters it, so this group
 * does not add a second copy to the DLQ.
 *
 * <p>Shutdown: the loops stop before the web server drains (default lifecycle phase), so requests in
 * flight are still answered from memory; the batch in hand is written and acknowledged first (for up to
 * {@link #DRAIN}), anything still unacknowledged stays pending and is claimed by another instance after
 * {@code reclaim-idle}. Each start joins as a new consumer ({@code query-<random>}); consumers with
 * nothing pending idle for {@link StreamsProperties#forgetConsumersAfter()} are removed from the group.
 */
@Component
class GroupWriter implements SmartLifecycle, BatchHandler {

    /** The span of applying an entry to a state tier: {@code l2} here, {@code l1} in {@link StreamTail}. */
    static final String SPAN = "query.state.update";
    /** How long a stop waits for the batches in hand (within the shutdown phase's 10 s). */
    static final Duration DRAIN = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(GroupWriter.class);

    private final SharedState shared;
    private final RedisAvailability availability;
    private final EntrySpans spans;
    private final GroupConsumer consumer;

    GroupWriter(RedisConnections redis, SharedState shared, StreamsProperties properties, Partitions partitions,
                RedisAvailability availability, Clock clock, EntrySpans spans, MeterRegistry meters) {
        this.shared = shared;
        this.availability = availability;
        this.spans = spans;
        GroupOptions options = GroupOptions.builder(properties.group(),
                        "query-" + UUID.randomUUID().toString().substring(0, 8), properties.dataStreams(partitions))
                .startAt(() -> StreamIds.at(clock.millis() - properties.bootstrapWindow().toMillis()))
                .batchSize(properties.batchSize())
                .block(properties.block())
                .claimMinIdle(properties.reclaimIdle())
                .forgetConsumersAfter(properties.forgetConsumersAfter())
                .drainTimeout(DRAIN)
                .metricPrefix("tickstream.query.group")
                .build();
        this.consumer = new GroupConsumer(redis, options, this, meters);
    }

    /** Writes every entry (undecodable ones skipped), then says all of them are done. */
    @Override
    public Mono<BatchOutcome> handle(String stream, List<StreamEntry> entries) {
        return Flux.fromIterable(entries)
                .flatMapSequential(entry -> write(entry).thenReturn(entry.id()), 32)
                .collectList()
                .map(BatchOutcome::allDone)
                .doOnSuccess(outcome -> availability.succeeded())
                .doOnError(availability::failed);
    }

    /** Writes one entry into the shared state, traced ({@link EntrySpans}, tier {@code l2}). */
    private Mono<Void> write(StreamEntry entry) {
        MarketEvent event;
        try {
            event = entry.decode();
        } catch (EventDecodeException e) {
            log.warn("skipping undecodable entry {} of {}: {}", entry.id(), entry.stream(), e.getMessage());
            return Mono.empty();
        }
        return Mono.using(() -> spans.start(SPAN, event, entry.stream(), entry.id()).tag("tier", "l2"),
                span -> shared.write(entry.stream(), entry.id(), event)
                        .doOnNext(changed -> span.tag("changed", changed))
                        .doOnError(span::error)
                        .then(),
                Span::end);
    }

    @Override
    public void start() {
        consumer.start();
    }

    @Override
    public void stop() {
        stop(() -> { }); // Spring stops a SmartLifecycle through stop(Runnable); this one does not wait
    }

    @Override
    public void stop(Runnable callback) {
        consumer.stop().doFinally(signal -> callback.run()).subscribe();
    }

    @Override
    public boolean isRunning() {
        return consumer.isRunning();
    }
}
