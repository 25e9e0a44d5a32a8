package io.tickstream.deploy.metrics;

import io.tickstream.deploy.RepositoryFiles;
import io.tickstream.testkit.ExternalTool;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules ({@code deploy/observability/alert-rules.yml}) pass {@code promtool check rules}
 * and their unit tests ({@code promtool test rules}); every alert has a test where it fires and one where it
 * stays quiet; every series they name is one the services (or redis_exporter) export; every alert's
 * runbook is a section of docs/operations.md; Prometheus in the observability profile loads them.
 */
class AlertRulesTests {

    private static final Path DIR = RepositoryFiles.path("deploy/observability");
    static final Path RULES = DIR.resolve("alert-rules.yml");
    private static final Path TESTS = DIR.resolve("alert-rules.test.yml");

    @Test
    void promtoolChecksTheRules() {
        String out = ExternalTool.PROMTOOL.run(DIR, "check", "rules", RULES.getFileName().toString()).orThrow("promtool check rules");
        assertThat(out).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsPass() {
        String out = ExternalTool.PROMTOOL.run(DIR, "test", "rules", TESTS.getFileName().toString()).orThrow("promtool test rules");
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everyAlertHasATestWhereItFiresAndOneWhereItStaysQuiet() {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Map<?, ?> test : list(RepositoryFiles.yamlDocument(TESTS).get("tests"))) {
            for (Map<?, ?> check : list(test.get("alert_rule_test"))) {
                String alert = String.valueOf(check.get("alertname"));
                (list(check.get("exp_alerts")).isEmpty() ? quiet : fires).add(alert);
            }
        }
        Set<String> alerts = new TreeSet<>(alerts().keySet());
        assertThat(fires).as("alerts with a firing test").containsAll(alerts);
        assertThat(quiet).as("alerts with a quiet test").containsAll(alerts);
        assertThat(alerts).as("the rules the tests name exist").containsAll(fires).containsAll(quiet);
    }

    @Test
    void everySeriesIsOneTheServicesExport() {
        ExportedMetrics exported = ExportedMetrics.ofServices();
        List<String> unknown = new ArrayList<>();
        alerts().forEach((alert, expr) -> {
            Set<String> names = PromQlMetricNames.of(expr);
            assertThat(names).as("series in %s", alert).isNotEmpty();
            names.stream().filter(n -> !exported.exportsOrRedisExporter(n)).forEach(n -> unknown.add(alert + ": " + n));
        });
        assertThat(unknown).as("series no service exports (see ExportedMetrics)").isEmpty();
    }

    @Test
    void everyAlertHasARunbookSectionInTheOperationsGuide() {
        String guide = RepositoryFiles.read(RepositoryFiles.path("docs/operations.md"));
        Set<String> headings = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#{2,4} +`?([A-Za-z0-9]+)`?\\s*$").matcher(guide);
        while (m.find()) {
            headings.add(m.group(1).toLowerCase());
        }
        for (Map<?, ?> rule : rules()) {
            String runbook = String.valueOf(((Map<?, ?>) rule.get("annotations")).get("runbook"));
            assertThat(runbook).as("runbook of %s", rule.get("alert"))
                    .isEqualTo("docs/operations.md#" + String.valueOf(rule.get("alert")).toLowerCase());
            assertThat(headings).as("docs/operations.md has a section for %s", rule.get("alert"))
                    .contains(String.valueOf(rule.get("alert")).toLowerCase());
        }
    }

    @Test
    void prometheusInTheObservabilityProfileLoadsTheRules() {
        Map<String, Object> config = RepositoryFiles.yamlDocument(DIR.resolve("prometheus.yml"));
        assertThat(list(config.get("rule_files"))).as("rule_files").isNotEmpty();
        assertThat(config.get("rule_files").toString()).contains("/etc/prometheus/alert-rules.yml");
        assertThat(RepositoryFiles.read(RepositoryFiles.path("docker-compose.yml")))
                .contains("./deploy/observability/alert-rules.yml:/etc/prometheus/alert-rules.yml:ro");
    }

    /** Every alert rule's expression, by alert name. */
    static Map<String, String> alerts() {
        Map<String, String> byName = new java.util.TreeMap<>();
        rules().forEach(r -> byName.put(String.valueOf(r.get("alert")), String.valueOf(r.get("expr"))));
        return byName;
    }

    private static List<Map<?, ?>> rules() {
        List<Map<?, ?>> rules = new ArrayList<>();
        for (Map<?, ?> group : list(RepositoryFiles.yamlDocument(RULES).get("groups"))) {
            for (Map<?, ?> rule : list(group.get("rules"))) {
                assertThat(rule.get("alert")).as("only alerting rules in %s", RULES).isNotNull();
                rules.add(rule);
            }
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> list(Object value) {
        return value == null ? List.of() : (List<Map<?, ?>>) value;
    }
}
