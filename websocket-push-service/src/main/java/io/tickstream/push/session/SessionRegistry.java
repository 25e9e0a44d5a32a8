package io.tickstream.push.session;

import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of this instance and their upkeep, on one timer thread instead of timers per
 * connection: every {@value #TICK_MS} ms it releases rate-limited updates that are due; every
 * {@value #SCAN_EVERY} ticks it sends pings, closes idle connections (4000), connections whose token
 * expired (4001) and slow ones (4008).
 *
 * <p>On shutdown it runs before the web server's graceful shutdown: it refuses new handshakes, sends
 * every client a going-away close (1001) so it reconnects elsewhere, and waits up to
 * {@code shutdownGrace} for them to go.
 */
@Component
public class SessionRegistry implements SmartLifecycle {

    static final long TICK_MS = 20;
    static final int SCAN_EVERY = 10;

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Set<Subscription> throttled = ConcurrentHashMap.newKeySet();
    private final SessionProperties properties;
    private final ChannelHub hub;
    private final PushMetrics metrics;
    private final Scheduler timer = Schedulers.newSingle("push-sessions", true);
    private volatile boolean accepting;
    private volatile Disposable ticker;
    private long ticks;

    public SessionRegistry(SessionProperties properties, ChannelHub hub, PushMetrics metrics) {
        this.properties = properties;
        this.hub = hub;
        this.metrics = metrics;
        metrics.gauges(sessions::size, hub::subscriptionCount);
    }

    /** False while starting or shutting down: handshakes are refused with 503. */
    public boolean accepting() {
        return accepting;
    }

    /** Open connections from {@code address}. */
    int connections(String address) {
        AtomicInteger count = perAddress.get(address);
        return count == null ? 0 : count.get();
    }

    /** Registers a new connection; false (and not registered) when its address is over the limit. */
    boolean add(ClientSession session) {
        AtomicInteger count = perAddress.computeIfAbsent(session.address(), a -> new AtomicInteger());
        if (count.incrementAndGet() > properties.maxConnectionsPerIp()) {
            count.decrementAndGet();
            return false;
        }
        sessions.add(session);
        return true;
    }

    /** Forgets an ended connection and drops its subscriptions. */
    void remove(ClientSession session) {
        if (sessions.remove(session)) {
            perAddress.computeIfPresent(session.address(), (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
        session.unsubscribeAll(hub);
        session.outbound().close();
    }

    /** Called with a subscription that holds back an update (maxRate). */
    void throttled(Subscription subscription) {
        throttled.add(subscription);
    }

    int size() {
        return sessions.size();
    }

    /** The open connections, a read-only live view. */
    Collection<ClientSession> sessions() {
        return Collections.unmodifiableSet(sessions);
    }

    private void tick() {
        long nanos = System.nanoTime();
        throttled.removeIf(subscription -> subscription.session.outbound().releaseThrottled(subscription, nanos));
        if (++ticks % SCAN_EVERY == 0) {
            scan(System.currentTimeMillis(), nanos);
        }
    }

    private void scan(long now, long nanos) {
        long pingMs = properties.pingInterval().toMillis();
        long idleMs = properties.idleTimeout().toMillis();
        long maxLag = properties.maxLag().toNanos();
        for (ClientSession session : sessions) {
            if (session.closeReason() != null) {
                continue;
            }
            if (session.outbound().tooSlow(maxLag, nanos)) {
                close(session, CloseReason.SLOW_CONSUMER);
            } else if (now >= session.tokenExpiresAt()) {
                close(session, CloseReason.TOKEN_EXPIRED);
            } else if (session.isOneWay()) {
                continue; // no inbound side to be idle on; the transport sends its own heartbeats
            } else if (now - session.lastSeen() > idleMs) {
                close(session, CloseReason.IDLE);
            } else if (now - session.lastPing() >= pingMs) {
                session.pinged(now);
            }
        }
    }

    void close(ClientSession session, CloseReason reason) {
        session.close(reason, properties.closeTimeout());
    }

    @Override
    public void start() {
        accepting = true;
        ticker = Flux.interval(Duration.ofMillis(TICK_MS), timer)
                .onBackpressureDrop()
                .subscribe(t -> {
                    try {
                        tick();
                    } catch (RuntimeException e) {
                        log.warn("session upkeep failed", e);
                    }
                });
    }

    @Override
    public void stop(Runnable callback) {
        accepting = false;
        int open = sessions.size();
        log.info("shutting down: closing {} connections with 1001 going away", open);
        sessions.forEach(session -> close(session, CloseReason.GOING_AWAY));
        long deadline = System.nanoTime() + properties.shutdownGrace().toNanos();
        Flux.interval(Duration.ofMillis(50), timer)
                .takeUntil(t -> sessions.isEmpty() || System.nanoTime() > deadline)
                .doFinally(signal -> {
                    Disposable running = ticker;
                    if (running != null) {
                        running.dispose();
                    }
                    callback.run();
                })
                .subscribe();
    }

    @Override
    public void stop() {
        accepting = false;
        Disposable running = ticker;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = ticker;
        return running != null && !running.isDisposed();
    }

    /** Stops first, before the web server's graceful shutdown (which would wait for these connections). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
