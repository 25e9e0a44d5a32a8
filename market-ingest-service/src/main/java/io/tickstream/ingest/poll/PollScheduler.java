package io.tickstream.ingest.poll;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.tickstream.common.stream.ControlCommand;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.health.FeedModes;
import io.tickstream.ingest.feed.FeedsProperties;
import io.tickstream.ingest.health.PollOutcome;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.lease.LifecyclePhases;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.resilience.SourceGuard;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import io.tickstream.ingest.validate.ObservationValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one {@link SourcePoller} per enabled source and answers refresh requests. Starts after the
 * lease keeper and stops before it.
 */
@Component
public class PollScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    private final Map<String, SourcePoller> pollers = new LinkedHashMap<>();
    private final Map<String, SourceGuard> guards = new LinkedHashMap<>();
    private volatile boolean running;

    public PollScheduler(List<MarketSource> sources, SourcesProperties settings, LeaseKeeper leases,
            ObservationValidator validator, StreamPublisher publisher, ConsensusPublisher consensus,
            SourceHealthTracker health, FeedModes modes, FeedsProperties feeds, Clock clock, MeterRegistry meters,
            Tracer tracer) {
        PollCollaborators with = new PollCollaborators(validator, publisher, consensus, health, clock, meters, tracer);
        for (MarketSource source : sources) {
            SourceProperties properties = settings.byName().get(source.name());
            if (properties == null) {
                throw new IllegalStateException("no settings for source " + source.name());
            }
            SourceGuard guard = new SourceGuard(source.name(), properties);
            guards.put(source.name(), guard);
            pollers.put(source.name(), new SourcePoller(source.name(), properties.pollInterval(),
                    new SourcePoll(source, properties, guard, with), leases, modes, feeds.reconcileInterval()));
            health.register(source.name());
        }
        if (pollers.isEmpty()) {
            log.warn("no source is enabled: nothing will be polled (enable one under tickstream.ingest.sources.*)");
        }
    }

    /** Names of the enabled sources. */
    public Set<String> sources() {
        return pollers.keySet();
    }

    /**
     * Polls {@code source} (or every source for {@link ControlCommand#ALL_SOURCES}) now, where this
     * instance holds the lease; budgets and pauses still apply. Returns the sources it will poll.
     */
    public List<String> refresh(String source) {
        return pollers.values().stream()
                .filter(p -> ControlCommand.ALL_SOURCES.equals(source) || p.source().equals(source))
                .filter(SourcePoller::refresh)
                .map(SourcePoller::source)
                .toList();
    }

    /** The outcomes of {@code source}'s polls from now on. */
    public Flux<PollOutcome> outcomes(String source) {
        SourcePoller poller = pollers.get(source);
        return poller == null ? Flux.empty() : poller.outcomes();
    }

    /** The guard of {@code source}, for its breaker state. */
    public SourceGuard guard(String source) {
        return guards.get(source);
    }

    @Override
    public void start() {
        pollers.values().forEach(SourcePoller::start);
        running = true;
        log.info("polling {}", pollers.keySet());
    }

    @Override
    public void stop() {
        pollers.values().forEach(SourcePoller::stop);
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
