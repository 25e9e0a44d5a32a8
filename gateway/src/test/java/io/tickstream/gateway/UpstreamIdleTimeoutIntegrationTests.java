package io.tickstream.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream idle timeout ({@code tickstream.gateway.upstream-idle-timeout}, here 600 ms): an upstream
 * that goes silent in the middle of a body no longer holds the caller forever, pooled connections that
 * sit idle longer than that still serve the next request, and a quiet WebSocket is not cut.
 */
class UpstreamIdleTimeoutIntegrationTests {

    private static final StubUpstream upstream = new StubUpstream();
    private static GatewayRunner gateway;

    @BeforeAll
    static void start() {
        gateway = new GatewayRunner(GatewayRunner.onLocalRedis(upstream.url(), "gw-idle", Map.of(
                "tickstream.gateway.push-uri", upstream.url(),
                "tickstream.gateway.upstream-idle-timeout", "600ms",
                "tickstream.gateway.api.timeout", "500ms",
                "tickstream.gateway.admin.timeout", "500ms")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void anUpstreamThatStallsMidBodyIsCutOffAndSoIsTheCallersUnfinishableAnswer() {
        WebClient http = WebClient.create(gateway.baseUrl());

        StepVerifier.create(http.get().uri("/api/v1/stalled").retrieve().bodyToMono(String.class))
                .expectError()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void pooledUpstreamConnectionsIdleLongerThanTheTimeoutStillServe() throws InterruptedException {
        WebClient http = WebClient.create(gateway.baseUrl());
        int before = upstream.requests();

        for (int i = 0; i < 3; i++) {
            String body = http.get().uri("/api/v1/quotes/BTC").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(5));
            assertThat(body).isEqualTo(StubUpstream.BTC);
            Thread.sleep(900); // not waiting for a condition: the pooled connection has to sit idle past 600 ms
        }

        assertThat(upstream.requests() - before).as("no attempt cut short and retried").isEqualTo(3);
    }

    @Test
    void aQuietWebSocketOutlivesTheIdleTimeout() {
        List<String> received = new CopyOnWriteArrayList<>();
        URI uri = URI.create(gateway.baseUrl().replace("http", "ws") + "/ws");

        new ReactorNettyWebSocketClient().execute(uri, session -> session.send(
                        Mono.delay(Duration.ofMillis(1500)).map(tick -> session.textMessage("after a quiet while")))
                .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(received::add).take(1))
                .then()).block(Duration.ofSeconds(10));

        assertThat(received).containsExactly("echo:after a quiet while");
    }
}
