package io.tickstream.push.session;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickstream.push.PushFixtures;
import io.tickstream.push.PushTestStreams;
import io.tickstream.push.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is conflated, then disconnected with 4008, while a client that reads
 * gets every update on time. Small socket buffers and a short lag make it happen in seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowClientIntegrationTests {

    private static final PushTestStreams streams = new PushTestStreams();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        streams.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tickstream.push.session.queue-capacity", () -> "16");
        registry.add("tickstream.push.session.max-lag", () -> "1s");
        registry.add("tickstream.push.session.close-timeout", () -> "500ms");
        registry.add("tickstream.push.session.socket-send-buffer", () -> "8KB");
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void cleanUp() {
        streams.close();
    }

    @Test
    void aClientThatStopsReadingIsConflatedThenDisconnectedWhileOthersKeepReceivingOnTime() throws InterruptedException {
        String url = "ws://127.0.0.1:" + port + "/ws";
        String seed = streams.append(PushFixtures.quote("SLOW", "binance", "1"));
        try (WsClient normal = WsClient.connect(url); WsClient slow = WsClient.connect(url, headers -> { }, 4096)) {
            subscribeAt(normal, seed);
            subscribeAt(slow, seed);
            slow.pauseReading();

            List<String> ids = new ArrayList<>();
            List<Long> appendedAt = new ArrayList<>();
            for (int i = 0; i < 1500 && !slowDisconnected(); i++) {
                appendedAt.add(System.currentTimeMillis());
                ids.add(streams.append(PushFixtures.quote("SLOW", i % 2 == 0 ? "binance" : "kraken", "1" + i + ".5")));
                if (i % 20 == 0) {
                    Thread.sleep(5);
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(this::slowDisconnected);
            assertThat(counter("tickstream_push_messages_conflated_total")).isPositive();

            // the reading client got every update, in order, none conflated, each soon after its XADD
            List<Long> lags = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                WsClient.Received received = normal.nextReceived(Duration.ofSeconds(5));
                JsonNode update = received.json();
                assertThat(update.get("offset").asString()).isEqualTo(ids.get(i));
                lags.add(received.at() - appendedAt.get(i));
            }
            lags.sort(Long::compare);
            assertThat(lags.get(lags.size() * 99 / 100)).as("p99 ms from XADD to receipt of the reading client").isLessThan(1000);

            slow.resumeReading();
            WebSocketCloseStatus status = slow.closeStatus(Duration.ofSeconds(5));
            assertThat(slow.isClosed()).isTrue();
            if (status != null && status.code() != WebSocketCloseStatus.ABNORMAL_CLOSURE.code()) {
                assertThat(status.code()).isEqualTo(4008);
            }
        }
    }

    private void subscribeAt(WsClient client, String offset) {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            client.send("{\"op\":\"subscribe\",\"channels\":[\"ticker:SLOW\"]}");
            JsonNode snapshot = client.until(m -> m.get("type").asString().equals("snapshot"), Duration.ofSeconds(5));
            if (offset.equals(snapshot.path("offset").asString()) || System.currentTimeMillis() > deadline) {
                return;
            }
        }
    }

    private boolean slowDisconnected() {
        return counter("tickstream_push_disconnects_total\\{[^}]*reason=\"slow_consumer\"") >= 1;
    }

    private double counter(String name) {
        String body = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher matcher = Pattern.compile("(?m)^" + name + "[^ ]* ([0-9.E+]+)$").matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
