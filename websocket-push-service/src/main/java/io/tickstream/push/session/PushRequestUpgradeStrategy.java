package io.tickstream.push.session;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.Assert;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import java.net.URI;
import java.util.function.Supplier;

/**
 * Spring's Reactor Netty upgrade, creating a {@link PushWebSocketSession} (which exposes its Reactor
 * Netty connection) instead of a plain {@code ReactorNettyWebSocketSession}.
 *
 * <p>Why this is the supported route: {@link RequestUpgradeStrategy} is the public extension point of
 * {@link HandshakeWebSocketService} that creates the session ({@code new HandshakeWebSocketService(strategy)}),
 * and {@link ReactorNettyRequestUpgradeStrategy} has no hook to choose the session class. So
 * {@link #upgrade} does what Spring Framework 7.0's does, with public API only: commit the response
 * (WebFlux pre-commit actions), then {@code HttpServerResponse#sendWebsocket} with the
 * {@link WebsocketServerSpec} from the supplier (plus the negotiated sub-protocol), and a session
 * whose inbound aggregation limit is that spec's {@code maxFramePayloadLength}. It still extends
 * Spring's class so that {@link #getWebsocketServerSpec()} reports the configured spec; the
 * deprecated setters of the superclass are not honoured (configure the supplier instead). On a
 * Spring upgrade, compare with {@code ReactorNettyRequestUpgradeStrategy#upgrade}.
 */
final class PushRequestUpgradeStrategy extends ReactorNettyRequestUpgradeStrategy {

    private final Supplier<WebsocketServerSpec.Builder> specs;

    PushRequestUpgradeStrategy(Supplier<WebsocketServerSpec.Builder> specs) {
        super(specs);
        Assert.notNull(specs, "WebsocketServerSpec.Builder supplier is required");
        this.specs = specs;
    }

    @Override
    public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, String subProtocol,
                              Supplier<HandshakeInfo> handshakeInfoFactory) {
        ServerHttpResponse response = exchange.getResponse();
        HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        HandshakeInfo handshakeInfo = handshakeInfoFactory.get();
        NettyDataBufferFactory bufferFactory = (NettyDataBufferFactory) response.bufferFactory();
        URI uri = exchange.getRequest().getURI();
        // trigger WebFlux's pre-commit actions, then upgrade
        return response.setComplete().then(Mono.defer(() -> {
            WebsocketServerSpec spec = spec(subProtocol);
            return reactorResponse.sendWebsocket((in, out) -> {
                PushWebSocketSession session = new PushWebSocketSession(in, out, handshakeInfo, bufferFactory,
                        spec.maxFramePayloadLength());
                return handler.handle(session).checkpoint(uri + " [PushRequestUpgradeStrategy]");
            }, spec);
        }));
    }

    private WebsocketServerSpec spec(String subProtocol) {
        WebsocketServerSpec.Builder builder = specs.get();
        if (subProtocol != null) {
            builder.protocols(subProtocol);
        }
        return builder.build();
    }
}
