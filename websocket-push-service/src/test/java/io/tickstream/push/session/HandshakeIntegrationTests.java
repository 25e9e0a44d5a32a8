package io.tickstream.push.session;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickstream.push.PushTestStreams;
import io.tickstream.push.TestTokens;
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

/** Origin allowlist and HMAC JWT at the handshake; token expiry enforced on an open connection. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HandshakeIntegrationTests {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
    private static final String GOOD_ORIGIN = "https://app.tickstream.example";
    private static final PushTestStreams streams = new PushTestStreams();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        streams.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tickstream.push.session.allowed-origins", () -> GOOD_ORIGIN);
        registry.add("tickstream.push.auth.mode", () -> "hmac");
        registry.add("tickstream.push.auth.secret", () -> SECRET);
        registry.add("tickstream.push.auth.issuer", () -> "tickstream-test");
        registry.add("tickstream.push.session.max-connections-per-ip", () -> "3");
        registry.add("tickstream.push.session.ping-interval", () -> "300ms");
        registry.add("tickstream.push.session.idle-timeout", () -> "1500ms");
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void cleanUp() {
        streams.close();
    }

    @Test
    void aValidTokenFromAnAllowedOriginConnects() {
        String token = token(SECRET, Duration.ofMinutes(5), "tickstream-test");
        try (WsClient client = connect(GOOD_ORIGIN, "Bearer " + token, "")) {
            client.send("{\"op\":\"ping\"}");
            assertThat(client.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");
        }
        try (WsClient browser = connect(GOOD_ORIGIN, null, "?access_token=" + token)) {
            browser.send("{\"op\":\"ping\"}");
            assertThat(browser.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");
        }
    }

    @Test
    void aForeignOriginIsRefusedWith403() {
        String token = token(SECRET, Duration.ofMinutes(5), "tickstream-test");
        assertThat(refusal("https://evil.example", "Bearer " + token)).isEqualTo(403);
    }

    @Test
    void aMissingBadlySignedWrongIssuerOrExpiredTokenIsRefusedWith401() {
        assertThat(refusal(GOOD_ORIGIN, null)).isEqualTo(401);
        assertThat(refusal(GOOD_ORIGIN, "Bearer not.a.jwt")).isEqualTo(401);
        assertThat(refusal(GOOD_ORIGIN, "Bearer " + token("another-secret-of-at-least-32-bytes!", Duration.ofMinutes(5), "tickstream-test"))).isEqualTo(401);
        assertThat(refusal(GOOD_ORIGIN, "Bearer " + token(SECRET, Duration.ofMinutes(5), "someone-else"))).isEqualTo(401);
        assertThat(refusal(GOOD_ORIGIN, "Bearer " + token(SECRET, Duration.ofMinutes(-5), "tickstream-test"))).isEqualTo(401);
        // a token that never expires would keep its connection for ever: refused by default (require-expiry)
        assertThat(refusal(GOOD_ORIGIN, "Bearer " + TestTokens.hmacWithoutExpiry(SECRET, "tickstream-test"))).isEqualTo(401);
    }

    @Test
    void anOpenConnectionIsClosedWith4001WhenItsTokenExpires() {
        try (WsClient client = connect(GOOD_ORIGIN, "Bearer " + token(SECRET, Duration.ofSeconds(2), "tickstream-test"), "")) {
            client.send("{\"op\":\"subscribe\",\"channels\":[\"health\"]}");
            assertThat(client.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("snapshot");
            assertThat(client.closeStatus(Duration.ofMillis(500))).as("still open before expiry").isNull();
            WebSocketCloseStatus status = client.closeStatus(Duration.ofSeconds(5));
            assertThat(status).isNotNull();
            assertThat(status.code()).isEqualTo(4001);
        }
    }

    @Test
    void overThePerAddressLimitTheHandshakeIsRefusedWith429() {
        String bearer = "Bearer " + token(SECRET, Duration.ofMinutes(5), "tickstream-test");
        try (WsClient one = connect(GOOD_ORIGIN, bearer, ""); WsClient two = connect(GOOD_ORIGIN, bearer, "");
             WsClient three = connect(GOOD_ORIGIN, bearer, "")) {
            // the limit counts established sessions: make sure all three are (a pong each) before the fourth
            for (WsClient client : new WsClient[] {one, two, three}) {
                client.send("{\"op\":\"ping\"}");
                assertThat(client.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");
            }
            assertThat(refusal(GOOD_ORIGIN, bearer)).isEqualTo(429);
        }
    }

    @Test
    void pingsKeepALiveClientOpenAndAPeerThatAnswersNothingIsClosedWith4000() {
        String bearer = "Bearer " + token(SECRET, Duration.ofMinutes(5), "tickstream-test");
        try (WsClient alive = connect(GOOD_ORIGIN, bearer, "");
             WsClient dead = WsClient.connect("ws://127.0.0.1:" + port + "/ws", headers(GOOD_ORIGIN, bearer), 0, false)) {
            WebSocketCloseStatus status = dead.closeStatus(Duration.ofSeconds(5));
            assertThat(status).isNotNull();
            assertThat(status.code()).isEqualTo(4000);
            assertThat(alive.closeStatus(Duration.ofSeconds(1))).as("answering pings, never idle").isNull();
        }
    }

    private WsClient connect(String origin, String authorization, String query) {
        return WsClient.connect("ws://127.0.0.1:" + port + "/ws" + query, headers(origin, authorization), 0);
    }

    private static java.util.function.Consumer<io.netty.handler.codec.http.HttpHeaders> headers(String origin, String authorization) {
        return headers -> {
            headers.set("Origin", origin);
            if (authorization != null) {
                headers.set("Authorization", authorization);
            }
        };
    }

    private int refusal(String origin, String authorization) {
        Throwable error = catchThrowable(() -> connect(origin, authorization, "").close());
        assertThat(error).as("handshake should be refused").isNotNull();
        assertThat(error.getCause()).isInstanceOf(WebSocketClientHandshakeException.class);
        return ((WebSocketClientHandshakeException) error.getCause()).response().status().code();
    }

    private static String token(String secret, Duration validFor, String issuer) {
        return TestTokens.hmac(secret, validFor, issuer);
    }
}
