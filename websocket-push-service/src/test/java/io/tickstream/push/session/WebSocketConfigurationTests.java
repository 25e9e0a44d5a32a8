package io.tickstream.push.session;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The upgrade strategy keeps the configured WebSocket options, and startup fails when it would be bypassed. */
class WebSocketConfigurationTests {

    private static final WebSocketHandler HANDLER = session -> Mono.empty();

    private final WebSocketConfiguration configuration = new WebSocketConfiguration();

    @Test
    void theAdapterUpgradesWithThePushStrategyAndTheConfiguredSpec() {
        WebSocketHandlerAdapter adapter = configuration.webSocketHandlerAdapter(properties("4KB"));
        assertThat(adapter.getWebSocketService()).isInstanceOf(HandshakeWebSocketService.class);
        HandshakeWebSocketService service = (HandshakeWebSocketService) adapter.getWebSocketService();
        assertThat(service.getUpgradeStrategy()).isInstanceOf(PushRequestUpgradeStrategy.class);

        WebsocketServerSpec spec = ((PushRequestUpgradeStrategy) service.getUpgradeStrategy()).getWebsocketServerSpec();
        assertThat(spec.maxFramePayloadLength()).isEqualTo(4096);
        assertThat(spec.handlePing()).as("Reactor Netty answers pings").isFalse();
        assertThat(spec.compress()).as("no permessage-deflate").isFalse();
        assertThat(spec.protocols()).isNull();
    }

    @Test
    void startupPassesWhenThePushAdapterPrecedesWebFluxsOwn() {
        WebSocketHandlerAdapter webFluxs = new WebSocketHandlerAdapter();
        webFluxs.setOrder(webFluxs.getOrder() + 1); // as WebFluxConfigurationSupport registers it
        WebSocketConfiguration.checkUpgradeStrategy(List.of(webFluxs, configuration.webSocketHandlerAdapter(properties("16KB"))), HANDLER);
    }

    @Test
    void startupFailsWhenAnotherAdapterWouldTakeTheHandler() {
        WebSocketHandlerAdapter other = new WebSocketHandlerAdapter(new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy()));
        other.setOrder(1);
        List<HandlerAdapter> adapters = List.of(configuration.webSocketHandlerAdapter(properties("16KB")), other);
        assertThatIllegalStateException().isThrownBy(() -> WebSocketConfiguration.checkUpgradeStrategy(adapters, HANDLER))
                .withMessageContaining(ReactorNettyRequestUpgradeStrategy.class.getName())
                .withMessageContaining("PushRequestUpgradeStrategy");
        assertThatIllegalStateException().isThrownBy(() -> WebSocketConfiguration.checkUpgradeStrategy(List.of(), HANDLER))
                .withMessageContaining("no HandlerAdapter");
    }

    private static SessionProperties properties(String maxFrameSize) {
        return new Binder(new MapConfigurationPropertySource(Map.of("tickstream.push.session.max-frame-size", maxFrameSize)))
                .bindOrCreate("tickstream.push.session", SessionProperties.class);
    }
}
