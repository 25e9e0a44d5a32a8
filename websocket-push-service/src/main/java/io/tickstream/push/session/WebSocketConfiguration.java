package io.tickstream.push.session;

import io.netty.channel.ChannelOption;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import reactor.netty.http.server.WebsocketServerSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Maps {@code /ws} (and the legacy {@code /ws/dashboard}) and applies the frame and socket bounds.
 * Upgrades go through {@link PushRequestUpgradeStrategy}, so that every session is a
 * {@link PushWebSocketSession} exposing its Reactor Netty connection; startup fails when another
 * {@link HandlerAdapter} would take the push handler instead (e.g. WebFlux's own
 * {@code webFluxWebSocketHandlerAdapter}, order 3 in Spring Framework 7.0, after this one's 2).
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

    @Bean
    HandlerMapping pushHandlerMapping(PushWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", handler, PushWebSocketHandler.LEGACY_DASHBOARD_PATH, handler), -1);
    }

    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(SessionProperties properties) {
        int maxFrame = (int) properties.maxFrameSize().toBytes();
        // Netty answers a bigger frame with close code 1009 and closes the connection; the strategy's
        // sessions expose their Reactor Netty connection to ClientSession (see PushWebSocketSession)
        HandshakeWebSocketService service = new HandshakeWebSocketService(new PushRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame).handlePing(false).compress(false)));
        return new WebSocketHandlerAdapter(service);
    }

    /** Fails startup unless the push handler's upgrades go through {@link PushRequestUpgradeStrategy}. */
    @Bean
    SmartInitializingSingleton pushUpgradeStrategyCheck(ListableBeanFactory beans, PushWebSocketHandler handler) {
        return () -> checkUpgradeStrategy(
                BeanFactoryUtils.beansOfTypeIncludingAncestors(beans, HandlerAdapter.class, true, false).values(), handler);
    }

    /**
     * Picks the adapter for {@code handler} as {@code DispatcherHandler} does (by order, the first that
     * supports it) and throws unless it upgrades with {@link PushRequestUpgradeStrategy}.
     */
    static void checkUpgradeStrategy(Collection<HandlerAdapter> adapters, Object handler) {
        List<HandlerAdapter> ordered = new ArrayList<>(adapters);
        AnnotationAwareOrderComparator.sort(ordered);
        HandlerAdapter chosen = ordered.stream().filter(adapter -> adapter.supports(handler)).findFirst().orElse(null);
        if (chosen instanceof WebSocketHandlerAdapter webSocket
                && webSocket.getWebSocketService() instanceof HandshakeWebSocketService service
                && service.getUpgradeStrategy() instanceof PushRequestUpgradeStrategy) {
            return;
        }
        throw new IllegalStateException("WebSocket upgrades of " + handler.getClass().getSimpleName() + " would go through "
                + describe(chosen) + ", not " + PushRequestUpgradeStrategy.class.getSimpleName()
                + ": sessions would not expose their Reactor Netty connection (no direct writes, no cut of a client that"
                + " does not read). Give WebSocketConfiguration's adapter precedence.");
    }

    private static String describe(HandlerAdapter adapter) {
        if (adapter instanceof WebSocketHandlerAdapter webSocket) {
            return webSocket.getWebSocketService() instanceof HandshakeWebSocketService service
                    ? "a WebSocketHandlerAdapter with " + service.getUpgradeStrategy().getClass().getName()
                    : "a WebSocketHandlerAdapter with " + webSocket.getWebSocketService().getClass().getName();
        }
        return adapter == null ? "no HandlerAdapter" : adapter.getClass().getName();
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> pushSocketBuffers(SessionProperties properties) {
        int sendBuffer = (int) properties.socketSendBuffer().toBytes();
        return factory -> factory.addServerCustomizers(server -> sendBuffer > 0
                ? server.childOption(ChannelOption.SO_SNDBUF, sendBuffer) : server);
    }
}
