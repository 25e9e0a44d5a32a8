package io.tickstream.push.session;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.tickstream.push.PushTestStreams;
import io.tickstream.push.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Behind the gateway every connection comes from the gateway's address: the per-address limit counts the
 * address the gateway appended to {@code X-Forwarded-For} (one trusted hop from a trusted peer), so one
 * client's connections are limited without the gateway's other clients being refused, and a client cannot
 * pick its address by sending the header itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardedAddressIntegrationTests {

    private static final PushTestStreams streams = new PushTestStreams();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        streams.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tickstream.push.session.max-connections-per-ip", () -> "2");
        registry.add("tickstream.push.session.trusted-proxy-hops", () -> "1");
        registry.add("tickstream.push.session.trusted-proxies", () -> "127\\.0\\.0\\.1");
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void cleanUp() {
        streams.close();
    }

    @Test
    void theLimitCountsTheForwardedClientNotTheGateway() {
        try (WsClient one = connect("203.0.113.1"); WsClient two = connect("6.6.6.6, 203.0.113.1")) {
            for (WsClient client : new WsClient[]{one, two}) {
                client.send("{\"op\":\"ping\"}");
                assertThat(client.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");
            }
            // the same client again, whatever it forged on the left: over its limit
            assertThat(refusal("7.7.7.7, 203.0.113.1")).isEqualTo(429);
            // another client through the same gateway: its own count
            try (WsClient other = connect("203.0.113.2")) {
                other.send("{\"op\":\"ping\"}");
                assertThat(other.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");
            }
        }
    }

    private WsClient connect(String forwardedFor) {
        return WsClient.connect("ws://127.0.0.1:" + port + "/ws", headers -> headers.set("X-Forwarded-For", forwardedFor), 0);
    }

    private int refusal(String forwardedFor) {
        Throwable error = catchThrowable(() -> connect(forwardedFor).close());
        assertThat(error).as("handshake should be refused").isNotNull();
        assertThat(error.getCause()).isInstanceOf(WebSocketClientHandshakeException.class);
        return ((WebSocketClientHandshakeException) error.getCause()).response().status().code();
    }
}
