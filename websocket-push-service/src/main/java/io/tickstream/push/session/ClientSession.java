package io.tickstream.push.session;

import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.metrics.PushMetrics;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One client connection: its subscriptions, outbound queue and liveness. Requests arrive one at a
 * time (the inbound flux is sequential); the registry's tick and the fan-out thread touch it too, so
 * shared state is either guarded or volatile.
 */
final class ClientSession {

    private final WebSocketSession ws;
    private final Connection connection;
    private final String address;
    private final long tokenExpiresAt;
    private final OutboundQueue outbound;
    private final Map<String, Subscription> subscriptions = new HashMap<>(8);
    private final PushMetrics metrics;
    private final Executor executor;
    private final boolean oneWay;
    private volatile long lastSeen;
    private volatile long lastPing;
    private volatile CloseReason closeReason;
    private int errors;

    /**
     * @param connection the Reactor Netty connection of {@code ws} ({@link PushWebSocketSession#connection()});
     *                   null only when the session did not come from {@link PushRequestUpgradeStrategy}
     *                   (reported by {@link PushWebSocketHandler}): updates then go through
     *                   {@link WebSocketSession#send} on the fan-out thread, and a client that does not
     *                   read is not cut after the close timeout
     * @param writer     how messages are framed and flushed when written straight to the channel
     */
    ClientSession(WebSocketSession ws, Connection connection, String address, long tokenExpiresAt, int queueCapacity,
                  PushMetrics metrics, Consumer<Subscription> throttled, FrameWriter writer) {
        this(ws, connection, false, address, tokenExpiresAt, queueCapacity, metrics, throttled, writer);
    }

    private ClientSession(WebSocketSession ws, Connection connection, boolean oneWay, String address, long tokenExpiresAt,
                          int queueCapacity, PushMetrics metrics, Consumer<Subscription> throttled, FrameWriter writer) {
        this.ws = ws;
        this.connection = connection;
        this.oneWay = oneWay;
        this.address = address;
        this.tokenExpiresAt = tokenExpiresAt;
        this.metrics = metrics;
        this.outbound = new OutboundQueue(ws, queueCapacity, metrics, throttled);
        this.executor = connection == null || oneWay ? null : connection.channel().eventLoop();
        if (executor != null) {
            outbound.writeTo(connection.channel(), writer);
        }
        long now = System.currentTimeMillis();
        this.lastSeen = now;
        this.lastPing = now;
    }

    /**
     * A session of a one-way transport (SSE): its messages leave through {@link OutboundQueue#outgoing()},
     * framed by the transport; there is no inbound side, so it is never idle, and closing it ends the
     * outgoing messages (the transport tells the client why). {@code connection} (may be null) is only
     * cut when the client does not take the end within the close timeout.
     */
    static ClientSession oneWay(Connection connection, String address, long tokenExpiresAt, int queueCapacity,
                                PushMetrics metrics, Consumer<Subscription> throttled) {
        return new ClientSession(null, connection, true, address, tokenExpiresAt, queueCapacity, metrics, throttled, null);
    }

    /** True for a session of a one-way transport ({@link #oneWay}): no inbound messages, never idle. */
    boolean isOneWay() {
        return oneWay;
    }

    OutboundQueue outbound() {
        return outbound;
    }

    /** The connection's event loop, where its updates are handed over; null when unknown. */
    Executor executor() {
        return executor;
    }

    WebSocketSession ws() {
        return ws;
    }

    /** The Reactor Netty connection; null when unknown (see the constructor). */
    Connection connection() {
        return connection;
    }

    String address() {
        return address;
    }

    long tokenExpiresAt() {
        return tokenExpiresAt;
    }

    void seen(long now) {
        lastSeen = now;
    }

    long lastSeen() {
        return lastSeen;
    }

    long lastPing() {
        return lastPing;
    }

    void pinged(long now) {
        lastPing = now;
        outbound.offerPing();
    }

    /** Counts an error reply; true when the connection is over its error budget. */
    synchronized boolean error(int maxErrors) {
        return ++errors > maxErrors;
    }

    synchronized int subscriptionCount() {
        return subscriptions.size();
    }

    synchronized boolean isSubscribed(String channel) {
        return subscriptions.containsKey(channel);
    }

    /** Replaces any subscription to the same channel (the latest options win). */
    synchronized void put(Subscription subscription, ChannelHub hub) {
        Subscription previous = subscriptions.put(subscription.channel, subscription);
        if (previous != null) {
            previous.active = false;
            hub.unsubscribe(previous.channel, previous);
        }
    }

    synchronized boolean remove(String channel, ChannelHub hub) {
        Subscription removed = subscriptions.remove(channel);
        if (removed == null) {
            return false;
        }
        removed.active = false;
        hub.unsubscribe(channel, removed);
        return true;
    }

    /** Drops every subscription (the connection ended). */
    void unsubscribeAll(ChannelHub hub) {
        List<Subscription> all;
        synchronized (this) {
            all = List.copyOf(subscriptions.values());
            subscriptions.clear();
        }
        for (Subscription subscription : all) {
            subscription.active = false;
            hub.unsubscribe(subscription.channel, subscription);
        }
    }

    /** Why the server closed it; null when the client closed it (or it is open). */
    CloseReason closeReason() {
        return closeReason;
    }

    /**
     * Closes with {@code reason}'s code once; the connection is cut after {@code timeout} if the
     * client never completes the close handshake (a client that does not read never sees the frame).
     */
    void close(CloseReason reason, Duration timeout) {
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            closeReason = reason;
        }
        outbound.close(); // nothing may follow the close frame
        if (ws != null) {
            ws.close(reason.status()).onErrorResume(e -> Mono.empty()).subscribe();
        }
        Mono.delay(timeout).subscribe(tick -> abort());
    }

    private void abort() {
        outbound.close();
        if (connection != null && !connection.isDisposed()) {
            connection.dispose();
        }
    }

    /** True when messages are written straight to the Netty channel ({@link OutboundQueue#writeTo}). */
    boolean writesDirectly() {
        return executor != null;
    }
}
