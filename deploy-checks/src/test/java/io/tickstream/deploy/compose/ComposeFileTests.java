package io.tickstream.deploy.compose;

import io.tickstream.deploy.RepositoryFiles;
import io.tickstream.deploy.ServiceApplicationYaml;
import io.tickstream.deploy.ServiceFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docker-compose.yml} parses, runs the whole suite, and configures each service the way it reads its settings. */
class ComposeFileTests {

    private static final Map<String, Object> COMPOSE = RepositoryFiles.yamlDocument(RepositoryFiles.path("docker-compose.yml"));
    private static final Set<String> CONTAINER_SPECIFIC = Set.of("PORT", "MANAGEMENT_PORT", "REDIS_HOST", "REDIS_PORT",
            "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");
    private static final Set<String> OBSERVABILITY = Set.of("otel-collector", "jaeger", "prometheus", "grafana", "redis-exporter");

    static List<ServiceFacts> services() {
        return ServiceFacts.ALL;
    }

    @Test
    void namesTheFiveServicesRedisAndPostgres() {
        assertThat(services(COMPOSE).keySet()).contains("redis", "postgres", ServiceFacts.GATEWAY, ServiceFacts.INGEST,
                ServiceFacts.BACKUP, ServiceFacts.PUSH, ServiceFacts.QUERY);
    }

    @Test
    void redisPersistsEveryWriteAndNeverEvicts() {
        Map<String, Object> redis = service("redis");
        String command = String.join(" ", strings(redis.get("command")));
        assertThat(command).contains("--appendonly yes").contains("--maxmemory-policy noeviction");
        assertThat(strings(redis.get("volumes"))).anyMatch(v -> v.endsWith(":/data"));
        assertThat(redis).containsKey("healthcheck");
    }

    @Test
    void postgresKeepsItsDataOnAVolumeAndTakesItsPasswordFromTheEnvironment() {
        Map<String, Object> postgres = service("postgres");
        assertThat(strings(postgres.get("volumes"))).anyMatch(v -> v.endsWith(":/var/lib/postgresql/data"));
        assertThat(postgres).containsKey("healthcheck");
        assertThat(env(postgres).get("POSTGRES_PASSWORD")).startsWith("${POSTGRES_PASSWORD");
        assertThat(map(COMPOSE.get("volumes"))).containsKeys("redis-data", "postgres-data");
    }

    @ParameterizedTest
    @MethodSource("services")
    void portsAndBuildMatchTheService(ServiceFacts facts) {
        Map<String, Object> service = service(facts.name());
        Map<String, String> env = env(service);
        assertThat(env.get("PORT")).isEqualTo(Integer.toString(facts.port()));
        if (facts.managementPort() != facts.port()) {
            assertThat(env.get("MANAGEMENT_PORT")).isEqualTo(Integer.toString(facts.managementPort()));
        }
        Map<String, Object> build = map(service.get("build"));
        assertThat(build.get("dockerfile")).isEqualTo("deploy/docker/Dockerfile");
        Map<String, Object> args = map(build.get("args"));
        assertThat(args.get("SERVICE")).isEqualTo(facts.name());
        assertThat(String.valueOf(args.get("PORT"))).isEqualTo(Integer.toString(facts.port()));
        assertThat(strings(service.get("expose"))).contains(Integer.toString(facts.port()));
        assertThat(String.valueOf(service.get("image"))).startsWith("tickstream/" + facts.name() + ":").doesNotEndWith(":latest");
        ServiceApplicationYaml.of(facts.name()).ifPresent(app -> assertThat(app.portDefault()).isEqualTo(facts.port()));
    }

    @ParameterizedTest
    @MethodSource("services")
    void environmentIsWhatTheServiceReads(ServiceFacts facts) {
        Map<String, String> env = env(service(facts.name()));
        Set<String> known = new TreeSet<>(facts.knownEnv());
        ServiceApplicationYaml.of(facts.name()).ifPresent(app -> {
            known.addAll(app.placeholderEnv());
            // what its application.yml reads whose default (127.0.0.1, the postgres user) is wrong in a container
            assertThat(env.keySet()).as("%s: env for application.yml placeholders", facts.name())
                    .containsAll(app.placeholderEnv().stream().filter(n -> CONTAINER_SPECIFIC.contains(n) || n.endsWith("_URI")).toList());
        });
        assertThat(known).as("%s: variables it reads", facts.name()).containsAll(env.keySet());
        assertThat(env).containsEntry("REDIS_HOST", "redis").containsEntry("REDIS_PORT", "6379");
        if (facts.postgres()) {
            assertThat(env).containsEntry("POSTGRES_HOST", "postgres").containsEntry("POSTGRES_PORT", "5432")
                    .containsKeys("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void secretsComeFromTheEnvironmentNeverTheFile(ServiceFacts facts) {
        Map<String, String> env = env(service(facts.name()));
        env.forEach((name, value) -> {
            if (facts.secretEnv().contains(name) || name.matches(".*(PASSWORD|SECRET|APIKEY|API_KEY|TOKEN).*")) {
                assertThat(value).as("%s %s", facts.name(), name).matches("\\$\\{" + name + "(:?[-?][^}]*)?}");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("services")
    void startsOnlyAfterWhatItNeedsIsHealthy(ServiceFacts facts) {
        Map<String, Object> dependsOn = map(service(facts.name()).get("depends_on"));
        assertThat(map(dependsOn.get("redis"))).containsEntry("condition", "service_healthy");
        if (facts.postgres()) {
            assertThat(map(dependsOn.get("postgres"))).containsEntry("condition", "service_healthy");
        }
        dependsOn.values().forEach(d -> assertThat(map(d)).containsEntry("condition", "service_healthy"));
    }

    @Test
    void theGatewayRoutesToTheOtherServicesAndIsTheOnlyOnePublished() {
        Map<String, String> env = env(service(ServiceFacts.GATEWAY));
        Map<String, String> uris = Map.of("QUERY_URI", ServiceFacts.QUERY, "PUSH_URI", ServiceFacts.PUSH,
                "INGEST_URI", ServiceFacts.INGEST, "BACKUP_URI", ServiceFacts.BACKUP);
        uris.forEach((variable, target) -> {
            URI uri = URI.create(env.get(variable));
            assertThat(uri.getHost()).as(variable).isEqualTo(target);
            assertThat(uri.getPort()).as(variable).isEqualTo(ServiceFacts.of(target).port());
        });
        assertThat(map(service(ServiceFacts.GATEWAY).get("depends_on")).keySet())
                .contains(ServiceFacts.QUERY, ServiceFacts.PUSH, ServiceFacts.INGEST, ServiceFacts.BACKUP);
        services(COMPOSE).forEach((name, service) -> {
            if (!name.equals(ServiceFacts.GATEWAY) && !OBSERVABILITY.contains(name)) {
                assertThat(map(service)).as("%s publishes no host port", name).doesNotContainKey("ports");
            }
        });
        assertThat(strings(service(ServiceFacts.GATEWAY).get("ports"))).containsExactly("8080:8080");
        java.util.regex.Pattern proxies = java.util.regex.Pattern.compile(env.get("TICKSTREAM_GATEWAY_TRUSTED_PROXIES"));
        assertThat(proxies.matcher("172.18.0.1").matches()).isTrue();
        assertThat(proxies.matcher("203.0.113.7").matches()).isFalse();
    }

    @Test
    void observabilityRunsOnlyInItsProfile() {
        for (String name : OBSERVABILITY) {
            assertThat(strings(service(name).get("profiles"))).as(name).containsExactly("observability");
        }
        services(COMPOSE).forEach((name, service) -> {
            if (!OBSERVABILITY.contains(name)) {
                assertThat(map(service)).as(name).doesNotContainKey("profiles");
            }
        });
    }

    @Test
    void prometheusScrapesEachServicesActuator() {
        Map<String, Object> prometheus = RepositoryFiles.yamlDocument(RepositoryFiles.path("deploy/observability/prometheus.yml"));
        Set<String> targets = new TreeSet<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            Map<String, Object> j = map(job);
            if (j.get("job_name").equals("redis")) {
                // Redis memory through redis_exporter, the compose service of the observability profile
                assertThat(strings(map(((List<?>) j.get("static_configs")).getFirst()).get("targets"))).containsExactly("redis-exporter:9121");
                assertThat(env(service("redis-exporter")).get("REDIS_ADDR")).isEqualTo("redis://redis:6379");
                continue;
            }
            assertThat(j.get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object sc : (List<?>) j.get("static_configs")) {
                targets.addAll(strings(map(sc).get("targets")));
            }
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(ServiceFacts.ALL.stream()
                .map(s -> s.name() + ":" + s.managementPort()).toList());
    }

    @Test
    void theCollectorSendsTracesToJaeger() {
        Map<String, Object> collector = RepositoryFiles.yamlDocument(RepositoryFiles.path("deploy/observability/otel-collector.yaml"));
        Map<String, Object> traces = map(map(map(collector.get("service")).get("pipelines")).get("traces"));
        assertThat(strings(traces.get("receivers"))).contains("otlp");
        String exporter = strings(traces.get("exporters")).getFirst();
        assertThat(map(map(collector.get("exporters")).get(exporter)).get("endpoint")).isEqualTo("jaeger:4317");
        assertThat(services(COMPOSE)).containsKeys("jaeger", "otel-collector");
        assertThat(strings(service("otel-collector").get("volumes")))
                .anyMatch(v -> v.startsWith("./deploy/observability/otel-collector.yaml:"));
    }

    private static Map<String, Object> services(Map<String, Object> compose) {
        return map(compose.get("services"));
    }

    private static Map<String, Object> service(String name) {
        Object service = services(COMPOSE).get(name);
        assertThat(service).as("compose service %s", name).isNotNull();
        return map(service);
    }

    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new java.util.TreeMap<>();
        map(service.get("environment")).forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static List<String> strings(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return ((List<?>) o).stream().map(String::valueOf).toList();
    }
}
