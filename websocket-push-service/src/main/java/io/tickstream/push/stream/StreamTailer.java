package io.tickstream.push.stream;

import io.micrometer.tracing.Span;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.channel.ChannelStreams;
import io.tickstream.push.metrics.PushMetrics;
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

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Tails the three data streams into the {@link ChannelHub}: the handler of a {@link StreamTail} of the
 * streams layer. Every instance reads every entry (no consumer group), so any instance can serve any
 * client; the tail reads on a connection of its own and calls this handler on its own thread, one call
 * at a time, in stream order.
 *
 * <p>At start, and whenever the epoch changes (Redis lost its data: {@code epochKey}), the tail reads
 * back the last {@code warmupEntries} of each stream ({@link TailStart#recent}), handed over as history
 * to build the channels' state and replay history, then tails from there; failures are retried after
 * {@code retryDelay}. Live entries are sent under a {@link SendSpans} span; undecodable ones are counted
 * and skipped.
 *
 * <p>Until the first warm-up is done the instance has no state to answer subscriptions with:
 * {@link #warmedUp()} is false, the {@code streams} health indicator keeps the instance out of
 * readiness and handshakes are refused with 503. Start-up waits up to {@code startupWait} for it, so an
 * instance with Redis at hand takes its first connection warm.
 */
@Component
public class StreamTailer implements SmartLifecycle, TailHandler {

    /** Start before the web server takes connections; stop after the sessions are closed. */
    public static final int PHASE = 0;

    private static final Logger log = LoggerFactory.getLogger(StreamTailer.class);
    private static final long READY_POLL_MS = 10;

    private final ChannelHub hub;
    private final PushMetrics metrics;
    private final StreamsProperties properties;
    private final SendSpans spans;
    private final StreamTail tail;

    public StreamTailer(RedisConnections redis, ChannelHub hub, ChannelStreams streams, PushMetrics metrics,
                        StreamsProperties properties, SendSpans spans) {
        this.hub = hub;
        this.metrics = metrics;
        this.properties = properties;
        this.spans = spans;
        this.tail = new StreamTail(redis, TailOptions.builder("push",
                        streams.all())
                .start(TailStart.recent(properties.warmupEntries()))
                .epochKey(properties.epochKey())
                .block(properties.block())
                .batchSize(properties.batchSize())
                .retryDelay(properties.retryDelay())
                .build(), this);
    }

    @Override
    public void start() {
        tail.start();
        awaitFirstWarmup();
    }

    /** Start-up only (the lifecycle thread, before the server binds): never on a request path. */
    private void awaitFirstWarmup() {
        // the tail is ready once the first epoch's history has been handed over; it tells no one, so look
        long deadline = System.nanoTime() + properties.startupWait().toNanos();
        try {
            while (!tail.ready()) {
                if (System.nanoTime() - deadline >= 0) {
                    log.warn("streams not warmed up after {}: starting anyway, not ready and refusing handshakes until they are",
                            properties.startupWait());
                    return;
                }
                Thread.sleep(READY_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the channels hold the streams' state (the first warm-up is done). */
    public boolean warmedUp() {
        return tail.ready();
    }

    /** The epoch of each stream's data the channels hold; empty before the first warm-up. */
    public Map<String, String> epochs() {
        return tail.epochs();
    }

    @Override
    public void onEpoch(Collection<String> streams, String epoch, boolean first) {
        hub.epoch(streams, epoch);
    }

    @Override
    public void onEntries(List<StreamEntry> entries, boolean live) {
        for (StreamEntry entry : entries) {
            try {
                apply(entry, live);
            } catch (RuntimeException e) {
                // the tail has moved past the whole batch already: skip this entry, not the rest
                log.warn("applying {} {} failed, skipped: {}", entry.stream(), entry.id(), e.toString());
            }
        }
    }

    /** Applies one entry to its channel; a live one ({@code send}) is traced ({@link SendSpans}). */
    private void apply(StreamEntry entry, boolean send) {
        MarketEvent event;
        try {
            event = entry.decode();
        } catch (EventDecodeException e) {
            metrics.undecodable();
            log.debug("skipping {} {}: {}", entry.stream(), entry.id(), e.getMessage());
            return;
        }
        if (send) {
            Span span = spans.start(event, entry.stream(), entry.id());
            try {
                span.tag("sessions", hub.apply(event, entry.id()));
            } catch (RuntimeException e) {
                span.error(e);
                throw e;
            } finally {
                span.end();
            }
        } else {
            hub.apply(event, entry.id());
        }
        metrics.entry();
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
        return PHASE;
    }
}
