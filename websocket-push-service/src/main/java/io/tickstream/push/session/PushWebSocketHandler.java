package io.tickstream.push.session;

import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.channel.ChannelNames;
import io.tickstream.push.channel.Frames;
import io.tickstream.push.metrics.PushMetrics;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * The {@code /ws} endpoint: one {@link ClientSession} per connection, requests in, queued messages out.
 * {@code /ws/dashboard} is the replaced system's endpoint: it subscribes to {@code dashboard} at once
 * and speaks only {@code dashboard_update} messages.
 */
@Component
class PushWebSocketHandler implements WebSocketHandler {

    static final String LEGACY_DASHBOARD_PATH = "/ws/dashboard";

    private final SessionRegistry registry;
    private final ChannelHub hub;
    private final PushMetrics metrics;
    private final SessionProperties properties;
    private final RequestHandler requests;

    PushWebSocketHandler(SessionRegistry registry, ChannelHub hub, PushMetrics metrics, SessionProperties properties) {
        this.registry = registry;
        this.hub = hub;
        this.metrics = metrics;
        this.properties = properties;
        this.requests = new RequestHandler(hub, properties);
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        return HandshakeGuard.tokenExpiry(ws.getHandshakeInfo().getPrincipal()).flatMap(expiresAt -> handle(ws, expiresAt));
    }

    private Mono<Void> handle(WebSocketSession ws, long tokenExpiresAt) {
        ClientSession session = new ClientSession(ws, HandshakeGuard.address(ws.getHandshakeInfo().getRemoteAddress()),
                tokenExpiresAt, properties.queueCapacity(), metrics, registry::throttled);
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
