package io.tickstream.push.session;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickstream.push.PushFixtures;
import io.tickstream.push.PushTestStreams;
import io.tickstream.push.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.Connection;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is conflated, then disconnected with 4008, while a client that reads
 * gets every update on time; a client that never reads is cut through its Netty connection, which every
 * session exposes ({@link PushWebSocketSession}). Small socket buffers and a short lag make it happen
 * in seconds.
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
    @LocalManagementPort
    private int managementPort;

    @Autowired
    private SessionRegistry registry;

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

    /**
     * Fails when the session's Reactor Netty connection cannot be reached (as when it was reached by
     * reflection that broke): then there are no direct writes on the event loop, and nothing ends a
     * connection whose close frame is stuck behind data the client never reads (Reactor Netty closes
     * the channel only once that frame is written).
     */
    @Test
    void everySessionExposesItsNettyConnectionAndAClientThatNeverReadsIsCutAfterTheCloseTimeout() {
        Set<ClientSession> before = Set.copyOf(registry.sessions());
        try (WsClient stuck = WsClient.connect("ws://127.0.0.1:" + port + "/ws", headers -> { }, 4096)) {
            stuck.send("{\"op\":\"ping\"}");
            assertThat(stuck.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");
            List<ClientSession> opened = registry.sessions().stream().filter(s -> !before.contains(s)).toList();
            assertThat(opened).hasSize(1);
            ClientSession session = opened.getFirst();

            // the session is ours and hands over its connection, channel and event loop
            assertThat(session.ws()).isInstanceOf(PushWebSocketSession.class);
            Connection connection = session.connection();
            assertThat(connection).isNotNull().isSameAs(((PushWebSocketSession) session.ws()).connection());
            Channel channel = connection.channel();
            assertThat(channel.isActive()).isTrue();
            assertThat(session.writesDirectly()).isTrue();
            assertThat(session.executor()).isSameAs(channel.eventLoop());
            assertThat(channel.pipeline().get("tickstream.push.writability")).as("OutboundQueue#writeTo's handler").isNotNull();

            // the client never reads again; its pongs fill the socket buffers, then the outbound queue (4008)
            stuck.pauseReading();
            for (int i = 0; i < 10_000; i++) {
                stuck.send("{\"op\":\"ping\"}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> session.closeReason() != null);
            assertThat(session.closeReason()).isEqualTo(CloseReason.SLOW_CONSUMER);
            // the close frame cannot reach it: only the cut, after close-timeout (500 ms), ends the connection
            await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isActive());
            assertThat(connection.isDisposed()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !registry.sessions().contains(session));
        }
        String prometheus = prometheus();
        assertThat(prometheus).contains("tickstream_push_connections_without_channel_total");
        assertThat(counter("tickstream_push_connections_without_channel_total")).as("sessions without their channel").isZero();
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
        Matcher matcher = Pattern.compile("(?m)^" + name + "[^ ]* ([0-9.E+]+)$").matcher(prometheus());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private String prometheus() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
