package io.tickstream.gateway;

import io.tickstream.gateway.websocket.ProxiedWebSockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway that stops (SIGTERM in a rolling restart: the context closes) tells the WebSocket clients it proxies
 * "1001 going away" at once, as a push instance does, instead of holding them through its graceful shutdown and
 * cutting them without a close code: the SDK then reconnects elsewhere and resumes by offset.
 */
class GatewayShutdownWebSocketIntegrationTests {

    private static final StubUpstream upstream = new StubUpstream();

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void proxiedWebSocketsAreClosedWith1001WhenTheGatewayStops() {
        GatewayRunner gateway = new GatewayRunner(GatewayRunner.onLocalRedis(upstream.url(), "gw-shutdown",
                Map.of("tickstream.gateway.push-uri", upstream.url())));
        List<String> received = new CopyOnWriteArrayList<>();
        Sinks.One<CloseStatus> closed = Sinks.one();
        try {
            URI uri = URI.create(gateway.baseUrl().replace("http", "ws") + "/ws");
            new ReactorNettyWebSocketClient().execute(uri, session -> {
                session.closeStatus().subscribe(closed::tryEmitValue);
                return session.send(Mono.just(session.textMessage("hello")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(received::add))
                        .then();
            }).subscribe();
            await("the echo through the gateway").atMost(Duration.ofSeconds(10)).until(() -> received.contains("echo:hello"));
            assertThat(gateway.bean(ProxiedWebSockets.class).open()).isEqualTo(1);
        } finally {
            gateway.close();
        }

        CloseStatus status = closed.asMono().block(Duration.ofSeconds(10));
        assertThat(status).isNotNull();
        assertThat(status.getCode()).as("going away").isEqualTo(CloseStatus.GOING_AWAY.getCode());
    }
}
