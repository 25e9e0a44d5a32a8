package io.tickstream.ingest.feed;

import io.tickstream.ingest.lease.LifecyclePhases;
import org.springframework.context.SmartLifecycle;

import java.util.List;

/** Starts every feed after the lease keeper and stops them before it, like the pollers. */
public final class FeedRunners implements SmartLifecycle {

    private final List<FeedRunner> runners;
    private volatile boolean running;

    public FeedRunners(List<FeedRunner> runners) {
        this.runners = List.copyOf(runners);
    }

    public List<FeedRunner> runners() {
        return runners;
    }

    @Override
    public void start() {
        runners.forEach(FeedRunner::start);
        running = true;
    }

    @Override
    public void stop() {
        runners.forEach(FeedRunner::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.POLLERS;
    }
}
