package io.tickstream.push.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.channel.ChannelNames;
import io.tickstream.push.channel.Frames;
import io.tickstream.push.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code /ws} endpoint: one {@link ClientSession} per connection, requests in, queued messages out.
 * {@code /ws/dashboard} is the replaced system's endpoint: it subscribes to {@code dashboard} at once
 * and speaks only {@code dashboard_update} messages.
 *
 * <p>Every session should be a {@link PushWebSocketSession} (from {@link PushRequestUpgradeStrategy},
 * see {@link WebSocketConfiguration}), whose Reactor Netty connection lets updates be written on its
 * event loop and a client that does not read be cut; {@link WebSocketConfiguration} refuses to
 * start when another {@code WebSocketHandlerAdapter} would take this handler. Should a session of
 * another type arrive nonetheless, it still works, degraded; each one counts in
 * {@code tickstream_push_connections_without_channel_total} and the first is logged as an error.
 */
@Component
class PushWebSocketHandler implements WebSocketHandler {

    static final String LEGACY_DASHBOARD_PATH = "/ws/dashboard";

    private static final Logger log = LoggerFactory.getLogger(PushWebSocketHandler.class);

    private final SessionRegistry registry;
    private final ChannelHub hub;
    private final PushMetrics metrics;
    private final SessionProperties properties;
    private final RequestHandler requests;
    private final FrameWriter writer;
    private final io.tickstream.security.forwarded.ClientAddresses addresses;
    private final Counter withoutChannel;
    private final AtomicBoolean withoutChannelLogged = new AtomicBoolean();

    PushWebSocketHandler(SessionRegistry registry, ChannelHub hub, PushMetrics metrics, SessionProperties properties,
                         WriteProperties write, MeterRegistry meters) {
        this.writer = new FrameWriter(write);
        this.registry = registry;
        this.hub = hub;
        this.metrics = metrics;
        this.properties = properties;
        this.requests = new RequestHandler(hub, properties);
        this.addresses = properties.clientAddresses();
        this.withoutChannel = Counter.builder("tickstream.push.connections.without.channel")
                .description("connections whose Reactor Netty channel could not be reached (the WebSocket session was not"
                        + " a PushWebSocketSession): updates go through Spring's send, a client that does not read is not cut")
                .register(meters);
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        return HandshakeGuard.tokenExpiry(ws.getHandshakeInfo().getPrincipal()).flatMap(expiresAt -> handle(ws, expiresAt));
    }

    private Mono<Void> handle(WebSocketSession ws, long tokenExpiresAt) {
        ClientSession session = new ClientSession(ws, connection(ws),
                addresses.of(ws.getHandshakeInfo().getHeaders(), ws.getHandshakeInfo().getRemoteAddress()),
                tokenExpiresAt, properties.queueCapacity(), metrics, registry::throttled, writer);
        if (!registry.add(session)) {
            metrics.rejected("ip_limit");
            return ws.close(CloseReason.TOO_MANY_CONNECTIONS.status());
        }
        if (ws.getHandshakeInfo().getUri().getPath().equals(LEGACY_DASHBOARD_PATH)) {
            Subscription legacy = new Subscription(session, ChannelNames.DASHBOARD, Subscription.Format.DASHBOARD_UPDATE, 0);
            session.put(legacy, hub);
            hub.subscribe(ChannelNames.DASHBOARD, legacy, null, null);
        }
        Mono<Void> inbound = ws.receive()
                .doOnNext(message -> receive(session, message))
                .then();
        Mono<Void> outbound = session.writesDirectly() ? Mono.empty() : ws.send(session.outbound().messages());
        return Mono.when(inbound.doFinally(signal -> session.outbound().close()), outbound)
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> {
                    registry.remove(session);
                    CloseReason reason = session.closeReason();
                    metrics.disconnect(reason == null ? "client_closed" : reason.tag());
                });
    }

    /** The session's Reactor Netty connection; null (counted, the first logged) when it cannot be reached. */
    private Connection connection(WebSocketSession ws) {
        if (ws instanceof PushWebSocketSession push) {
            return push.connection();
        }
        withoutChannel.increment();
        if (withoutChannelLogged.compareAndSet(false, true)) {
            log.error("WebSocket session {} is a {}, not a PushWebSocketSession: PushRequestUpgradeStrategy was bypassed"
                            + " (another WebSocketHandlerAdapter or upgrade strategy in use?). Connections run degraded:"
                            + " no direct writes on the event loop, and a client that does not read is not cut after the"
                            + " close timeout. Counted in tickstream_push_connections_without_channel_total; logged once.",
                    ws.getId(), ws.getClass().getName());
        }
        return null;
    }

    private void receive(ClientSession session, WebSocketMessage message) {
        session.seen(System.currentTimeMillis());
        if (session.closeReason() != null) {
            return;
        }
        boolean keep = switch (message.getType()) {
            case TEXT -> requests.handle(session, message.getPayloadAsText());
            case BINARY -> {
                session.outbound().offerReply(Frames.error(RequestHandler.UNSUPPORTED,
                        "binary messages are not supported; send JSON text", null));
                yield !session.error(properties.maxErrors());
            }
            case PING, PONG -> true;
        };
        if (!keep) {
            registry.close(session, CloseReason.POLICY);
        }
    }
}
