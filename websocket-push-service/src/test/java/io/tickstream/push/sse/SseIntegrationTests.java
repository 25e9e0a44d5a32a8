package io.tickstream.push.sse;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.push.PushFixtures;
import io.tickstream.push.PushTestStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /sse} against the real local Redis: the WebSocket protocol's messages as events with the
 * offset as {@code id}, resume with {@code Last-Event-ID} (replay, or {@code recovered:false} when the
 * epoch is not known), per-channel positions, heartbeats, bad queries as problems, and a client that
 * stops reading bounded and cut like a WebSocket one (4008).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SseIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final PushTestStreams streams = new PushTestStreams();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        streams.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tickstream.push.channels.history-size", () -> "5");
        registry.add("tickstream.push.session.queue-capacity", () -> "16");
        registry.add("tickstream.push.session.max-lag", () -> "1s");
        registry.add("tickstream.push.session.close-timeout", () -> "500ms");
        registry.add("tickstream.push.session.socket-send-buffer", () -> "8KB");
        registry.add("tickstream.push.sse.heartbeat", () -> "300ms");
    }

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry meters;

    @AfterAll
    static void cleanUp() {
        streams.close();
    }

    private String url(String query) {
        return "http://127.0.0.1:" + port + "/sse?" + query;
    }

    @Test
    void eventsAreTheWebSocketMessagesWithTheOffsetAsIdAndHeartbeatsBetween() {
        String seed = streams.append(PushFixtures.quote("SSEA", "binance", "10"));
        try (SseClient client = awaitSnapshotAt("channels=ticker:SSEA", null, "ticker:SSEA", seed)) {
            assertThat(client.contentType()).startsWith("text/event-stream");
            String id = streams.append(PushFixtures.quote("SSEA", "kraken", "11"));
            SseClient.Event update = client.next(WAIT);
            assertThat(update.id()).isEqualTo(id);
            assertThat(update.data().get("type").asString()).isEqualTo("update");
            assertThat(update.data().get("offset").asString()).isEqualTo(id);
            assertThat(update.data().at("/data/sources/kraken/price").asString()).isEqualTo("11");
            await().atMost(WAIT).until(() -> client.comments >= 3);
        }
    }

    @Test
    void lastEventIdWithTheEpochReplaysWhatWasMissedWithoutItTheStateIsReplaced() {
        String seed = streams.append(PushFixtures.quote("SSER", "binance", "1"));
        String epoch;
        String seen;
        try (SseClient client = awaitSnapshotAt("channels=ticker:SSER", null, "ticker:SSER", seed)) {
            seen = streams.append(PushFixtures.quote("SSER", "binance", "2"));
            SseClient.Event update = client.next(WAIT);
            assertThat(update.id()).isEqualTo(seen);
            epoch = update.data().get("epoch").asString();
        }
        List<String> missed = new ArrayList<>();
        for (int i = 3; i <= 5; i++) {
            missed.add(streams.append(PushFixtures.quote("SSER", "kraken", Integer.toString(i))));
        }
        awaitChannelAt("ticker:SSER", missed.getLast());
        try (SseClient client = SseClient.open(url("channels=ticker:SSER&epoch=" + epoch), seen)) {
            JsonNode resumed = client.next(WAIT).data();
            assertThat(resumed.get("type").asString()).isEqualTo("subscribed");
            assertThat(resumed.get("recovered").asBoolean()).isTrue();
            assertThat(resumed.get("replayed").asInt()).isEqualTo(3);
            for (String id : missed) {
                SseClient.Event replayed = client.next(WAIT);
                assertThat(replayed.id()).as("no gap, no duplicate").isEqualTo(id);
            }
        }
        // a browser's EventSource reconnects with Last-Event-ID only: the epoch is unknown, the state replaced
        try (SseClient client = SseClient.open(url("channels=ticker:SSER"), seen)) {
            JsonNode snapshot = client.next(WAIT).data();
            assertThat(snapshot.get("type").asString()).isEqualTo("snapshot");
            assertThat(snapshot.get("recovered").asBoolean()).isFalse();
            assertThat(snapshot.get("offset").asString()).isEqualTo(missed.getLast());
        }
        // positions per channel: one channel resumes, the other starts afresh
        String dashboard = streams.append(PushFixtures.fearGreed(40, "Fear"));
        awaitChannelAt("dashboard", dashboard);
        try (SseClient client = SseClient.open(url("channels=ticker:SSER@" + missed.get(1) + "@" + epoch + ",dashboard"), null)) {
            List<JsonNode> first = List.of(client.next(WAIT).data(), client.next(WAIT).data(), client.next(WAIT).data());
            assertThat(first).extracting(m -> m.get("type").asString() + " " + m.get("channel").asString() + " " + m.get("offset").asString())
                    .containsExactlyInAnyOrder("subscribed ticker:SSER " + missed.get(1), "update ticker:SSER " + missed.get(2),
                            "snapshot dashboard " + dashboard);
        }
    }

    @Test
    void badQueriesAreProblems() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String query : List.of("", "channels=ticker:btc", "channels=ticker:BTC&since=yesterday",
                    "channels=ticker:BTC&maxRate=0", "channels=ticker:BTC@1-0")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(query))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(query).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(response.body()).contains("\"status\":400");
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsConflatedThenClosedWithSlowConsumerAndCut() throws Exception {
        String seed = streams.append(PushFixtures.quote("SSES", "binance", "1"));
        awaitChannelAt("ticker:SSES", seed);
        double before = slowConsumerDisconnects();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /sse?channels=ticker:SSES HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the client reads nothing while thousands of updates come
            String[] sources = {"binance", "kraken", "coinbase", "coingecko"};
            for (int i = 0; i < 3000; i++) {
                streams.append(PushFixtures.quote("SSES", sources[i % sources.length], "1" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> slowConsumerDisconnects() > before);
            // then the connection is cut: reading drains what was buffered and meets its end
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    total += n;
                }
            } catch (IOException reset) {
                // a reset is a cut too
            }
            assertThat(total).as("it got the start of the stream").isPositive();
        }
    }

    private double slowConsumerDisconnects() {
        var counter = meters.find("tickstream.push.disconnects").tag("reason", "slow_consumer").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Opens streams until the channel's snapshot is at {@code offset} (the tailer may still be reading). */
    @Test
    void tradesReachSseClientsAsTradeEventsWithTheirOffsetAsId() {
        String seed = streams.append(PushFixtures.trade("SSET", 1, "20.5"));
        try (SseClient client = awaitSnapshotAt("channels=trades:SSET", null, "trades:SSET", seed)) {
            String id = streams.append(PushFixtures.trade("SSET", 2, "20.75"));
            SseClient.Event trade = client.next(WAIT);
            assertThat(trade.id()).isEqualTo(id);
            assertThat(trade.data().get("type").asString()).isEqualTo("trade");
            assertThat(trade.data().get("prev").asString()).isEqualTo(seed);
            assertThat(trade.data().at("/data/price").asString()).isEqualTo("20.75");
        }
    }

    private SseClient awaitSnapshotAt(String query, String lastEventId, String channel, String offset) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            SseClient client = SseClient.open(url(query), lastEventId);
            SseClient.Event event = client.next(WAIT);
            assertThat(event.data().get("type").asString()).isEqualTo("snapshot");
            assertThat(event.data().get("channel").asString()).isEqualTo(channel);
            if (offset.equals(event.data().get("offset").asString(null))) {
                assertThat(event.id()).isEqualTo(offset);
                return client;
            }
            client.close();
            assertThat(System.nanoTime()).as("snapshot of " + channel + " at " + offset).isLessThan(deadline);
        }
    }

    private void awaitChannelAt(String channel, String offset) {
        awaitSnapshotAt("channels=" + channel, null, channel, offset).close();
    }
}
