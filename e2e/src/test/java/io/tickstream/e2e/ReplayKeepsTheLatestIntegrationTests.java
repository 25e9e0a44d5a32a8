package io.tickstream.e2e;

import io.tickstream.testkit.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One rule for "the latest", across the suite as processes: while the simulated market keeps quoting,
 * an operator replays an older range of history from PostgreSQL back into the streams (the backup
 * service's replay). The replayed quotes are older than the ones held, so neither REST nor a WebSocket
 * client ever sees a price move back to them: every source time either shows only grows.
 */
class ReplayKeepsTheLatestIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Suite suite;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        suite = Suite.get();
        http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void aReplayOfOldHistoryNeverMovesALivePriceBackInRestOrOverWebSocket() throws Exception {
        Instant from = Instant.now().minusSeconds(600);
        // some history to replay: BTC quotes archived for a few seconds
        await("BTC history archived").atMost(Duration.ofSeconds(60)).until(() -> archivedBtcQuotes() >= 40);
        Instant to = Instant.now().minusSeconds(1);
        long oldCount = archivedBtcQuotesBefore(to);

        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        Disposable ws = new ReactorNettyWebSocketClient().execute(URI.create(suite.gatewayUrl().replace("http", "ws") + "/ws"),
                session -> session.send(Mono.just(session.textMessage("{\"op\":\"subscribe\",\"channels\":[\"ticker:BTC\"]}")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).map(JSON::readTree).doOnNext(frames::add))
                        .then()).subscribe();
        try {
            await("the WebSocket snapshot").atMost(Duration.ofSeconds(20)).until(() -> !frames.isEmpty());
            long restBefore = restSourceTime();

            String job = http.post().uri("/admin/backup/replay").header("X-Admin-Key", Suite.ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"symbol\":\"BTC\",\"ratePerSecond\":2000}")
                    .exchange().expectStatus().isAccepted()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().path("id").asString();

            // REST while the replay runs and after: the source time never goes back
            List<Long> restTimes = new CopyOnWriteArrayList<>(List.of(restBefore));
            await("the replay completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                restTimes.add(restSourceTime());
                JsonNode state = http.get().uri("/admin/backup/replay/" + job).header("X-Admin-Key", Suite.ADMIN_KEY)
                        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                return "COMPLETED".equalsIgnoreCase(state.path("state").asString());
            });
            JsonNode finished = http.get().uri("/admin/backup/replay/" + job).header("X-Admin-Key", Suite.ADMIN_KEY)
                    .exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(finished.path("published").asLong()).as("replayed entries").isGreaterThanOrEqualTo(oldCount);
            // let the replayed entries reach the query and push services, and a few live ones after them
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> restTimes.add(restSourceTime()));

            assertThat(restTimes).as("REST source times of BTC during and after the replay").isSorted();
            List<Long> wsTimes = frames.stream().map(ReplayKeepsTheLatestIntegrationTests::consensusSourceTime)
                    .filter(t -> t > 0).toList();
            assertThat(wsTimes).as("WebSocket consensus source times of BTC").hasSizeGreaterThan(2).isSorted();
            // live quotes went on arriving after the replay, newer than anything replayed
            assertThat(wsTimes.getLast()).isGreaterThan(to.toEpochMilli());
            assertThat(restTimes.getLast()).isGreaterThan(to.toEpochMilli());
        } finally {
            ws.dispose();
        }
    }

    /** The source time of the consensus in a snapshot or update of ticker:BTC (0 for other frames). */
    private static long consensusSourceTime(JsonNode frame) {
        String type = frame.path("type").asString();
        if (!"snapshot".equals(type) && !"update".equals(type)) {
            return 0;
        }
        return frame.path("data").path("consensus").path("sourceTime").asLong(0);
    }

    private static long restSourceTime() {
        JsonNode quote = http.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return Instant.parse(quote.path("sourceTime").asString()).toEpochMilli();
    }

    private static long archivedBtcQuotes() throws Exception {
        return archivedBtcQuotesBefore(Instant.now().plusSeconds(3600));
    }

    private static long archivedBtcQuotesBefore(Instant to) throws Exception {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var statement = connection.prepareStatement("SELECT count(*) FROM " + suite.schema
                     + ".market_quotes WHERE symbol = 'BTC' AND source_time < ?")) {
            statement.setTimestamp(1, java.sql.Timestamp.from(to));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
