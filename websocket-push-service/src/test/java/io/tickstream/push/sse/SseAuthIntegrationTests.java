package io.tickstream.push.sse;

import io.tickstream.push.PushTestStreams;
import io.tickstream.push.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /sse} passes the handshake checks of {@code /ws}: the origin allowlist and the JWT (header or
 * {@code access_token}), 401/403 as problems; a stream whose token expires ends with a close event 4001.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SseAuthIntegrationTests {

    private static final String SECRET = "an-sse-test-secret-of-32-bytes-at-least";
    private static final String GOOD_ORIGIN = "https://app.tickstream.example";
    private static final PushTestStreams streams = new PushTestStreams();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        streams.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tickstream.push.session.allowed-origins", () -> GOOD_ORIGIN);
        registry.add("tickstream.push.auth.mode", () -> "hmac");
        registry.add("tickstream.push.auth.secret", () -> SECRET);
        registry.add("tickstream.push.auth.clock-skew", () -> "0s");
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void cleanUp() {
        streams.close();
    }

    @Test
    void aMissingOrBadTokenIs401AForeignOrigin403() throws Exception {
        String good = token(Duration.ofMinutes(5));
        assertThat(status(null, null)).isEqualTo(401);
        assertThat(status("Bearer not.a.jwt", null)).isEqualTo(401);
        assertThat(status("Bearer " + good, "https://evil.example")).isEqualTo(403);
        try (SseClient client = SseClient.openWith(url("channels=health"), "Authorization", "Bearer " + good, "Origin", GOOD_ORIGIN)) {
            assertThat(client.next(Duration.ofSeconds(5)).data().get("type").asString()).isEqualTo("snapshot");
        }
        try (SseClient client = SseClient.openWith(url("channels=health&access_token=" + good))) {
            assertThat(client.next(Duration.ofSeconds(5)).data().get("type").asString()).isEqualTo("snapshot");
        }
    }

    @Test
    void aStreamWhoseTokenExpiresEndsWithCloseEvent4001() {
        // a first stream warms the path up, so the short token below is still valid when it is checked
        try (SseClient warmUp = SseClient.openWith(url("channels=health"), "Authorization", "Bearer " + token(Duration.ofMinutes(1)))) {
            assertThat(warmUp.next(Duration.ofSeconds(10)).data().get("type").asString()).isEqualTo("snapshot");
        }
        try (SseClient client = SseClient.openWith(url("channels=health"), "Authorization", "Bearer " + token(Duration.ofSeconds(5)))) {
            // the snapshot comes first unless the token ran out before it was written (a slow machine): then the
            // queue is dropped and the close event is all there is
            SseClient.Event event = client.next(Duration.ofSeconds(5));
            if ("snapshot".equals(event.data().get("type").asString())) {
                event = client.next(Duration.ofSeconds(15));
            }
            assertThat(event.data().get("type").asString()).isEqualTo("close");
            assertThat(event.data().get("code").asInt()).isEqualTo(4001);
            assertThat(event.data().get("reason").asString()).isEqualTo("token expired");
            assertThat(client.next(Duration.ofSeconds(5)).data()).as("the stream ends").isNull();
        }
    }

    private String url(String query) {
        return "http://127.0.0.1:" + port + "/sse?" + query;
    }

    private int status(String authorization, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("channels=health")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            return response.statusCode();
        }
    }

    private static String token(Duration validFor) {
        return TestTokens.hmac(SECRET, validFor, null);
    }
}
