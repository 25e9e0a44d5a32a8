package io.tickstream.ingest.poll;

import io.tickstream.ingest.health.FeedModes;
import io.tickstream.ingest.health.PollOutcome;
import io.tickstream.ingest.lease.LeaseKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;

/**
 * The schedule of one source: a poll every {@code pollInterval}, on request, and as soon as this
 * instance takes the source's lease; only while it holds the lease, one poll at a time (ticks that arrive during a poll are
 * dropped, never queued). Each source has its own loop, so a slow or dead source delays no other.
 *
 * <p>One budget per source: while the source's live feed streams ({@link FeedModes}), a tick polls only when
 * {@code reconcileInterval} has passed since the last poll; when the feed stops streaming, the source is polled
 * at once and then every {@code pollInterval} again.
 */
final class SourcePoller {

    private static final Logger log = LoggerFactory.getLogger(SourcePoller.class);

    private final String source;
    private final Duration interval;
    private final SourcePoll poll;
    private final LeaseKeeper leases;
    private final FeedModes modes;
    private final Duration reconcileInterval;
    private volatile long lastPollNanos = System.nanoTime() - Long.MAX_VALUE / 2;
    private final Sinks.Many<Boolean> refreshes = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<PollOutcome> outcomes = Sinks.many().multicast().directBestEffort();
    private volatile Disposable loop;

    SourcePoller(String source, Duration interval, SourcePoll poll, LeaseKeeper leases, FeedModes modes,
                 Duration reconcileInterval) {
        this.source = source;
        this.interval = interval;
        this.poll = poll;
        this.leases = leases;
        this.modes = modes;
        this.reconcileInterval = reconcileInterval;
    }

    /** A tick is due unless the feed streams and the last poll is more recent than the reconcile interval. */
    private boolean due(boolean refresh) {
        return refresh || !modes.isStreaming(source) || System.nanoTime() - lastPollNanos >= reconcileInterval.toNanos();
    }

    void start() {
        Flux<Boolean> leaseTaken = leases.taken().filter(source::equals).map(name -> true);
        Flux<Boolean> feedAsks = Flux.merge(modes.stoppedStreaming(), modes.pollRequests()).filter(source::equals).map(name -> true);
        loop = Flux.merge(Flux.interval(interval, interval).map(tick -> false), refreshes.asFlux(), leaseTaken, feedAsks)
                .onBackpressureDrop()
                .filter(refresh -> leases.isHeld(source) && due(refresh))
                .doOnNext(refresh -> lastPollNanos = System.nanoTime())
                .concatMap(refresh -> poll.run().onErrorResume(e -> {
                    log.error("poll of {} ended unexpectedly", source, e);
                    return Mono.empty();
                }), 0)
                .subscribe(outcome -> outcomes.tryEmitNext(outcome));
    }

    void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }

    boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }

    /** Polls now unless a poll is running; true when this instance holds the lease and will poll. */
    boolean refresh() {
        return leases.isHeld(source) && refreshes.tryEmitNext(true).isSuccess();
    }

    /** Outcomes of the polls from now on, for tests and diagnostics. */
    Flux<PollOutcome> outcomes() {
        return outcomes.asFlux();
    }

    String source() {
        return source;
    }
}
