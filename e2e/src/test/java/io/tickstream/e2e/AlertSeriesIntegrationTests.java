package io.tickstream.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The series the shipped alert rules ({@code deploy/observability/alert-rules.yml}) name are the ones the
 * running services export at {@code /actuator/prometheus}, with the labels the rules select on. A few
 * counters are registered on their first event (a memory-guard drop, a slow-consumer close): those are
 * listed in {@link #ON_FIRST_EVENT}, and deploy-checks finds their declarations in the sources.
 */
class AlertSeriesIntegrationTests {

    /** Counters a service registers when the first such event happens, absent from a healthy suite's scrape. */
    static final Set<String> ON_FIRST_EVENT = Set.of("tickstream_ingest_stream_guard_dropped_total",
            "tickstream_backup_guard_dropped_total", "tickstream_push_disconnects_total");

    private static final Pattern SERIES = Pattern.compile("\\b((?:tickstream_|http_server_requests_)[a-z0-9_]+)\\b");

    @Test
    void everySeriesTheAlertRulesNameIsScrapedFromARunningService() throws IOException {
        Suite suite = Suite.get();
        Set<String> named = new TreeSet<>();
        Matcher m = SERIES.matcher(Files.readString(rules()));
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).contains("tickstream_ingest_source_state", "tickstream_backup_lag", "http_server_requests_seconds_count");

        WebTestClient gateway = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
        gateway.get().uri("/api/v1/quotes/BTC").exchange();
        Map<String, Integer> actuators = Map.of("market-ingest-service", suite.ingestManagementPort,
                "stream-backup-service", suite.backupManagementPort, "market-query-service", suite.queryManagementPort,
                "websocket-push-service", suite.pushManagementPort, "gateway", suite.gatewayManagementPort);
        await("every series in a scrape").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StringBuilder all = new StringBuilder();
            actuators.forEach((name, port) -> all.append(scrape(port)));
            String scraped = all.toString();
            List<String> missing = named.stream().filter(s -> !ON_FIRST_EVENT.contains(s))
                    .filter(s -> !Pattern.compile("(?m)^" + s + "\\{").matcher(scraped).find()).toList();
            assertThat(missing).as("series the rules name that no service exports").isEmpty();
            assertThat(scraped).containsPattern("(?m)^http_server_requests_seconds_count\\{application=\"gateway\"[^}]*status=\"\\d{3}\"")
                    .containsPattern("(?m)^tickstream_ingest_source_max_age_seconds\\{application=\"market-ingest-service\"[^}]*source=\"simulated\"");
        });
    }

    private static String scrape(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static Path rules() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/observability/alert-rules.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root with deploy/observability/alert-rules.yml").isNotNull();
        return dir.resolve("deploy/observability/alert-rules.yml");
    }
}
