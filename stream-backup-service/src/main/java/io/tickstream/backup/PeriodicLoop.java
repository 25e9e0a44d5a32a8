package io.tickstream.backup;

import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * A round of work repeated on a schedule for the life of the application: one round at a time (ticks
 * that arrive during a round are dropped, never queued), stopped with the context. A round must handle
 * its own errors; one that fails ends the loop.
 */
public abstract class PeriodicLoop implements SmartLifecycle {

    private final Duration firstAfter;
    private final Duration every;
    private final int phase;
    private volatile Disposable loop;

    protected PeriodicLoop(Duration firstAfter, Duration every, int phase) {
        this.firstAfter = firstAfter;
        this.every = every;
        this.phase = phase;
    }

    /** One round. */
    public abstract Mono<Void> runOnce();

    @Override
    public void start() {
        loop = Flux.interval(firstAfter, every)
                .onBackpressureDrop()
                .concatMap(tick -> runOnce(), 0)
                .subscribe();
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
        return phase;
    }
}
