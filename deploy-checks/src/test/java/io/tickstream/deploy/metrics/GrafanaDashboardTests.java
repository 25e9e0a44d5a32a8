package io.tickstream.deploy.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickstream.deploy.RepositoryFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The provisioned Grafana dashboards parse and query only series the services export. */
class GrafanaDashboardTests {

    private static final Path DASHBOARDS = RepositoryFiles.path("deploy/observability/grafana/dashboards");

    @Test
    void everyQueryNamesOnlyExportedSeries() throws IOException {
        ExportedMetrics exported = ExportedMetrics.ofServices();
        List<String> unknown = new ArrayList<>();
        for (Path file : dashboards()) {
            for (String expr : expressions(new ObjectMapper().readTree(file.toFile()))) {
                Set<String> names = PromQlMetricNames.of(expr);
                assertThat(names).as("series named in %s: %s", file.getFileName(), expr).isNotEmpty();
                names.stream().filter(n -> !exported.exports(n)).forEach(n -> unknown.add(n + "  in  " + expr));
            }
        }
        assertThat(unknown).as("series no service exports (see ExportedMetrics)").isEmpty();
    }

    @Test
    void theOverviewCoversEachServicesFigures() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARDS.resolve("tickstream-overview.json").toFile());
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        Set<String> series = new TreeSet<>();
        expressions(dashboard).forEach(e -> series.addAll(PromQlMetricNames.of(e)));
        assertThat(series).contains(
                "tickstream_ingest_source_requests_total", "tickstream_ingest_source_rate_limited_total",
                "tickstream_ingest_source_latency_seconds_sum", "tickstream_ingest_published_total",
                "tickstream_ingest_duplicates_total", "tickstream_backup_lag", "tickstream_backup_batch_latency_seconds_sum",
                "tickstream_push_connections", "tickstream_push_messages_sent_total", "tickstream_query_cache_requests_total",
                "tickstream_gateway_ratelimit_refused_total", "tickstream_gateway_ratelimit_unavailable_total");
    }

    @Test
    void everyPanelUsesTheProvisionedPrometheusDatasource() throws IOException {
        Map<String, Object> provisioning = RepositoryFiles.yamlDocument(
                RepositoryFiles.path("deploy/observability/grafana/provisioning/datasources/prometheus.yaml"));
        @SuppressWarnings("unchecked")
        Set<String> uids = new TreeSet<>(((List<Map<String, Object>>) provisioning.get("datasources")).stream()
                .map(d -> String.valueOf(d.get("uid"))).toList());
        for (Path file : dashboards()) {
            new ObjectMapper().readTree(file.toFile()).path("panels").forEach(panel -> {
                if (!panel.path("type").asText().equals("row")) {
                    assertThat(uids).as("%s panel %s", file.getFileName(), panel.path("title").asText())
                            .contains(panel.path("datasource").path("uid").asText());
                }
            });
        }
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(list).as("dashboards in %s", DASHBOARDS).isNotEmpty();
            return list;
        }
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            panel.path("panels").forEach(inner -> inner.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        });
        assertThat(exprs).isNotEmpty().doesNotContain("");
        return exprs;
    }
}
