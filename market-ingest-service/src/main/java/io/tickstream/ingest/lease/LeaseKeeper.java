package io.tickstream.ingest.lease;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.source.MarketSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the leases of the sources this instance polls and of the feeds it streams ({@code feed:<source>}). Every {@code renewEvery} it renews the leases
 * it holds and tries to take the free ones, so a dead instance's sources are taken over within
 * {@code ttl + renewEvery}. A lease counts as held only until {@code ttl} after its last successful
 * renewal as seen by this instance's clock, so an instance cut off from Redis stops polling before
 * another may take over. On shutdown it releases its leases for an immediate handover.
 */
@Component
public class LeaseKeeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final SourceLeases leases;
    private final LeaseProperties properties;
    private final List<String> sources;
    private final Clock clock;
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    private final Sinks.Many<String> taken = Sinks.many().multicast().directBestEffort();
    private volatile Disposable loop;

    @org.springframework.beans.factory.annotation.Autowired
    public LeaseKeeper(ReactiveStringRedisTemplate redis, LeaseProperties properties, IngestProperties ingest,
            List<MarketSource> sources, List<LeaseNames.Provider> more, Clock clock, MeterRegistry meters) {
        this(redis, properties, ingest, java.util.stream.Stream.concat(sources.stream().map(MarketSource::name),
                more.stream().flatMap(p -> p.leaseNames().stream())).toList(), clock, meters);
    }

    /** Leases of {@code names}: the polled sources' names and the feeds' ({@code feed:binance}). */
    public LeaseKeeper(ReactiveStringRedisTemplate redis, LeaseProperties properties, IngestProperties ingest,
            List<String> names, Clock clock, MeterRegistry meters) {
        this.leases = new SourceLeases(redis, properties, ingest.instanceId());
        this.properties = properties;
        this.sources = List.copyOf(names);
        this.clock = clock;
        for (String source : this.sources) {
            Gauge.builder("tickstream.ingest.lease.held", () -> isHeld(source) ? 1 : 0)
                    .tag("source", source).description("1 while this instance holds the source's lease")
                    .register(meters);
        }
    }

    /** True while this instance may poll {@code source}. */
    public boolean isHeld(String source) {
        Long until = heldUntil.get(source);
        return until != null && clock.millis() < until;
    }

    /** Names of sources whose lease this instance takes from now on, as it takes them. */
    public Flux<String> taken() {
        return taken.asFlux();
    }

    /** One round: renew or take every source's lease. */
    Mono<Void> renewAll() {
        return Flux.fromIterable(sources)
                .flatMap(source -> {
                    long attemptAt = clock.millis();
                    return leases.acquireOrRenew(source)
                            .doOnNext(held -> record(source, held, attemptAt))
                            .onErrorResume(e -> {
                                log.warn("lease renewal of {} failed: {}", source, e.toString());
                                return Mono.empty();
                            });
                })
                .then();
    }

    private void record(String source, boolean held, long attemptAt) {
        boolean before = isHeld(source);
        if (held) {
            // counted from before the call: Redis may have started the TTL a little later, never earlier
            heldUntil.put(source, attemptAt + properties.ttl().toMillis());
        } else {
            heldUntil.remove(source);
        }
        if (held != before) {
            log.info("lease of {} {}", source, held ? "taken" : "lost");
            if (held) {
                taken.tryEmitNext(source);
            }
        }
    }

    @Override
    public void start() {
        loop = Flux.interval(Duration.ZERO, properties.renewEvery())
                .onBackpressureDrop()
                .concatMap(tick -> renewAll())
                .subscribe();
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    /** Stops renewing and gives the held leases back, so a survivor need not wait for the TTL. */
    @Override
    public void stop(Runnable callback) {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        // every lease, not only those known to be held: an acquisition still on its way when the loop was stopped
        // may succeed in Redis without this instance having seen it, and would then block the others for a whole TTL.
        // The release only deletes a lease this instance holds, and goes after that acquisition on the connection.
        heldUntil.clear();
        Flux.fromIterable(sources).flatMap(leases::release)
                .then().timeout(Duration.ofSeconds(2))
                .doOnError(e -> log.warn("releasing leases on shutdown failed: {}", e.toString()))
                .doFinally(signal -> callback.run())
                .subscribe(null, e -> { });
    }

    @Override
    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }

    /** Starts before the pollers and stops after them. */
    @Override
    public int getPhase() {
        return LifecyclePhases.LEASES;
    }
}
