package io.tickstream.push.session;

import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.metrics.PushMetrics;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequest;
import java.security.Principal;

/**
 * Opens sessions for one-way transports (SSE, {@code io.tickstream.push.sse}) on the same machinery as a
 * WebSocket connection: the {@link SessionRegistry} (per-address limit, token expiry, slow-consumer and
 * going-away closes), the bounded {@link OutboundQueue} and the protocol's {@code subscribe} requests.
 * The request must have passed {@link HandshakeGuard} (origin, rate, token), as a handshake does.
 */
@Component
public class OneWaySessions {

    private final SessionRegistry registry;
    private final RequestHandler requests;
    private final SessionProperties properties;
    private final PushMetrics metrics;
    private final io.tickstream.security.forwarded.ClientAddresses addresses;

    OneWaySessions(SessionRegistry registry, ChannelHub hub, SessionProperties properties, PushMetrics metrics) {
        this.registry = registry;
        this.properties = properties;
        this.metrics = metrics;
        this.requests = new RequestHandler(hub, properties);
        this.addresses = properties.clientAddresses();
    }

    /**
     * A registered session for the client of {@code request} (its address behind trusted proxies, as the
     * handshake check counted it) whose verified token (if any) is in
     * {@code principal}; empty when its address is over {@code max-connections-per-ip} (counted as a
     * rejected handshake).
     *
     * @param connection the request's Reactor Netty connection, cut when the client does not take the
     *                   end of its stream within the close timeout; null when unknown
     */
    public Mono<OneWaySession> open(Mono<Principal> principal, ServerHttpRequest request, Connection connection) {
        String address = addresses.of(request);
        return HandshakeGuard.tokenExpiry(principal).flatMap(expiresAt -> {
            ClientSession session = ClientSession.oneWay(connection, address, expiresAt,
                    properties.queueCapacity(), metrics, registry::throttled);
            if (!registry.add(session)) {
                metrics.rejected("ip_limit");
                return Mono.empty();
            }
            return Mono.just(new OneWaySession(session, registry, requests, metrics));
        });
    }
}
