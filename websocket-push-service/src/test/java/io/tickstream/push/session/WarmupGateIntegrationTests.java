package io.tickstream.push.session;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.tickstream.push.PushFixtures;
import io.tickstream.push.PushTestStreams;
import io.tickstream.push.WsClient;
import io.tickstream.testkit.TcpProxy;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * An instance that starts while Redis is unreachable has no state to answer with: it reports not ready
 * ({@code streams} DOWN) and refuses handshakes with 503 until its first warm-up, then takes clients
 * with the streams' state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WarmupGateIntegrationTests {

    private static final PushTestStreams streams = new PushTestStreams();
    private static final TcpProxy redis = unreachableRedis();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        streams.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.data.redis.port", redis::port);
        registry.add("tickstream.push.streams.startup-wait", () -> "200ms");
        registry.add("tickstream.push.streams.retry-delay", () -> "100ms");
    }

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    @AfterAll
    static void cleanUp() throws IOException {
        redis.close();
        streams.close();
    }

    @Test
    void notReadyAndRefusingHandshakesUntilTheStreamsAreWarmThenServing() throws IOException {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(10)).build();
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.components.streams.status").isEqualTo("DOWN");
        Throwable refused = catchThrowable(() -> WsClient.connect(url()).close());
        assertThat(refused).as("handshake before warm-up").isNotNull();
        assertThat(refused.getCause()).isInstanceOf(WebSocketClientHandshakeException.class);
        assertThat(((WebSocketClientHandshakeException) refused.getCause()).response().status().code()).isEqualTo(503);

        streams.append(PushFixtures.quote("WARM", "binance", "101.5"));
        redis.restore();

        await("warm-up once Redis is reachable").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.components.streams.status").isEqualTo("UP"));
        try (WsClient client = WsClient.connect(url())) {
            client.send("{\"op\":\"subscribe\",\"channels\":[\"ticker:WARM\"]}");
            JsonNode snapshot = client.next(Duration.ofSeconds(5));
            assertThat(snapshot.get("type").asString()).isEqualTo("snapshot");
            assertThat(snapshot.get("epoch").asString()).isNotEmpty();
            assertThat(snapshot.at("/data/sources/binance/price").asString()).isEqualTo("101.5");
        }
    }

    private String url() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    private static TcpProxy unreachableRedis() {
        try {
            TcpProxy proxy = new TcpProxy(TestRedis.endpoint().host(), TestRedis.endpoint().port());
            proxy.cut();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
