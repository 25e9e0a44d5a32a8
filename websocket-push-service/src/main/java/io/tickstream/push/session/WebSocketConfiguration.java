package io.tickstream.push.session;

import io.netty.channel.ChannelOption;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

import java.util.Map;

/** Maps {@code /ws} (and the legacy {@code /ws/dashboard}) and applies the frame and socket bounds. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

    @Bean
    HandlerMapping pushHandlerMapping(PushWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/ws", handler, PushWebSocketHandler.LEGACY_DASHBOARD_PATH, handler), -1);
    }

    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(SessionProperties properties) {
        int maxFrame = (int) properties.maxFrameSize().toBytes();
        // Netty answers a bigger frame with close code 1009 and closes the connection
        HandshakeWebSocketService service = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame).handlePing(false).compress(false)));
        return new WebSocketHandlerAdapter(service);
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> pushSocketBuffers(SessionProperties properties) {
        int sendBuffer = (int) properties.socketSendBuffer().toBytes();
        return factory -> factory.addServerCustomizers(server -> sendBuffer > 0
                ? server.childOption(ChannelOption.SO_SNDBUF, sendBuffer) : server);
    }
}
