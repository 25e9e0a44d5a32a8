package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.tickstream.deploy.RepositoryFiles;
import io.tickstream.deploy.ServiceFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev and prod overlays render, load into the Kubernetes API model, and hold every invariant of {@link ManifestRules}. */
class OverlaysTests {

    private static final Path OVERLAYS = RepositoryFiles.path("deploy/k8s/overlays");

    static List<HasMetadata> render(String overlay) {
        return KubernetesObjects.load(Kustomize.render(OVERLAYS.resolve(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void holdsEveryInvariant(String overlay) {
        assertThat(new ManifestRules(render(overlay)).all()).as("violations in overlay %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void runsTheFiveServicesInItsOwnNamespace(String overlay) {
        List<HasMetadata> objects = render(overlay);
        String namespace = String.valueOf(RepositoryFiles.yamlDocument(OVERLAYS.resolve(overlay + "/kustomization.yaml")).get("namespace"));
        assertThat(objects).filteredOn(Namespace.class::isInstance).extracting(o -> o.getMetadata().getName())
                .containsExactly(namespace);
        assertThat(objects).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + "/" + o.getMetadata().getName()).isEqualTo(namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "tickstream"));
        for (ServiceFacts f : ServiceFacts.ALL) {
            for (Class<? extends HasMetadata> kind : List.of(Deployment.class, Service.class, HorizontalPodAutoscaler.class,
                    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, io.fabric8.kubernetes.api.model.ConfigMap.class)) {
                String name = kind == io.fabric8.kubernetes.api.model.ConfigMap.class ? f.name() + "-config" : f.name();
                assertThat(objects).as("%s %s/%s", overlay, kind.getSimpleName(), name)
                        .anyMatch(o -> kind.isInstance(o) && o.getMetadata().getName().equals(name));
            }
        }
    }

    @Test
    void devRunsRedisAndPostgresAsStatefulSetsAndTheSimulatedMarket() {
        List<HasMetadata> objects = render("dev");
        assertThat(objects).filteredOn(StatefulSet.class::isInstance).extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("redis", "postgres");
        StatefulSet redis = (StatefulSet) objects.stream().filter(o -> o instanceof StatefulSet && o.getMetadata().getName().equals("redis"))
                .findFirst().orElseThrow();
        assertThat(redis.getSpec().getVolumeClaimTemplates()).isNotEmpty();
        String conf = objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.ConfigMap && o.getMetadata().getName().equals("redis-config"))
                .map(o -> ((io.fabric8.kubernetes.api.model.ConfigMap) o).getData().get("redis.conf")).findFirst().orElseThrow();
        assertThat(conf).contains("appendonly yes").contains("maxmemory-policy noeviction");
        assertThat(configMap(objects, "market-ingest-service-config")).containsEntry("SPRING_PROFILES_ACTIVE", "simulated");
        assertThat(images(objects)).allMatch(i -> i.startsWith("localhost:5001/tickstream/"));
        assertThat(objects).filteredOn(HorizontalPodAutoscaler.class::isInstance).map(h -> (HorizontalPodAutoscaler) h)
                .allSatisfy(h -> assertThat(h.getSpec().getMinReplicas()).isEqualTo(1))
                .filteredOn(h -> h.getMetadata().getName().equals(ServiceFacts.INGEST))
                .allSatisfy(h -> assertThat(h.getSpec().getMaxReplicas()).isEqualTo(1));
        assertThat(objects).filteredOn(Deployment.class::isInstance)
                .allSatisfy(d -> assertThat(((Deployment) d).getSpec().getTemplate().getSpec().getContainers().getFirst()
                        .getResources().getRequests().get("cpu").toString()).isEqualTo("100m"));
    }

    @Test
    void prodUsesManagedEndpointsReleaseImagesAndAPublicGateway() {
        List<HasMetadata> objects = render("prod");
        assertThat(objects).noneMatch(StatefulSet.class::isInstance);
        for (String name : List.of("redis", "postgres")) {
            Service s = (Service) objects.stream().filter(o -> o instanceof Service && o.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow();
            assertThat(s.getSpec().getType()).as(name).isEqualTo("ExternalName");
        }
        Service gateway = (Service) objects.stream().filter(o -> o instanceof Service && o.getMetadata().getName().equals("gateway"))
                .findFirst().orElseThrow();
        assertThat(gateway.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(objects).filteredOn(o -> o instanceof Service && !o.getMetadata().getName().equals("gateway"))
                .allSatisfy(o -> assertThat(((Service) o).getSpec().getType()).isIn("ClusterIP", "ExternalName"));
        assertThat(configMap(objects, "market-ingest-service-config").get("SPRING_PROFILES_ACTIVE")).isEmpty();
        assertThat(images(objects)).allMatch(i -> i.startsWith("registry.example.com/tickstream/")).noneMatch(i -> i.contains("SNAPSHOT"));
        assertThat(objects).filteredOn(HorizontalPodAutoscaler.class::isInstance)
                .allSatisfy(h -> assertThat(((HorizontalPodAutoscaler) h).getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2));
    }

    /** prod ships the alert rules promtool tests (deploy/observability/alert-rules.yml) as a PrometheusRule, unchanged. */
    @Test
    void prodShipsTheTestedAlertRulesAsAPrometheusRule(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        List<Map<String, Object>> rendered = Kustomize.render(OVERLAYS.resolve("prod"));
        assertThat(KubernetesObjects.load(rendered)).filteredOn(o -> o.getKind().equals("PrometheusRule"))
                .extracting(o -> o.getMetadata().getName()).containsExactly("tickstream-alerts");
        Map<?, ?> spec = (Map<?, ?>) rendered.stream().filter(o -> "PrometheusRule".equals(o.get("kind"))).findFirst().orElseThrow().get("spec");
        Object groups = RepositoryFiles.yamlDocument(RepositoryFiles.path("deploy/observability/alert-rules.yml")).get("groups");
        assertThat(spec.get("groups")).as("the PrometheusRule's groups are alert-rules.yml's").isEqualTo(groups);
        java.nio.file.Files.writeString(dir.resolve("rendered-rules.yml"), new org.yaml.snakeyaml.Yaml().dump(spec));
        assertThat(io.tickstream.testkit.ExternalTool.PROMTOOL.run(dir, "check", "rules", "rendered-rules.yml")
                .orThrow("promtool check rules")).contains("SUCCESS");
    }

    @Test
    void theBackupHpasExternalMetricIsTheOneTheAdapterRuleServes() {
        Map<String, Object> adapter = RepositoryFiles.yamlDocument(RepositoryFiles.path("deploy/k8s/prometheus-adapter-rules.yaml"));
        List<?> rules = (List<?>) adapter.get("externalRules");
        assertThat(rules).hasSize(1);
        Map<?, ?> rule = (Map<?, ?>) rules.getFirst();
        assertThat(((Map<?, ?>) rule.get("name")).get("as")).isEqualTo(ManifestRules.BACKUP_LAG_METRIC);
        String series = String.valueOf(rule.get("seriesQuery"));
        assertThat(io.tickstream.deploy.metrics.PromQlMetricNames.of(series)).containsExactly(ManifestRules.BACKUP_LAG_METRIC);
        assertThat(io.tickstream.deploy.metrics.ExportedMetrics.ofServices().byPrometheusName().get(ManifestRules.BACKUP_LAG_METRIC))
                .as("exported by the backup service").isNotNull()
                .satisfies(m -> assertThat(m.module()).isEqualTo(ServiceFacts.BACKUP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewaysTrustedProxiesAreAValidPattern(String overlay) {
        String value = configMap(render(overlay), "gateway-config").get("TICKSTREAM_GATEWAY_TRUSTED_PROXIES");
        assertThat(Pattern.compile(value).matcher("10.1.2.3").matches()).isTrue();
        assertThat(Pattern.compile(value).matcher("203.0.113.7").matches()).isFalse();
    }

    /** In production the push service checks the Origin and a JWT at every handshake, and counts the client behind the gateway. */
    @Test
    void prodPushTakesBrowsersFromItsOriginOnlyWithAJwtAndCountsTheForwardedClient() {
        List<HasMetadata> prod = render("prod");
        Map<String, String> push = configMap(prod, "websocket-push-service-config");
        assertThat(push.get("TICKSTREAM_PUSH_SESSION_ALLOWEDORIGINS")).startsWith("https://");
        assertThat(push.get("TICKSTREAM_PUSH_AUTH_MODE")).isEqualTo("hmac");
        assertThat(push).doesNotContainKey("TICKSTREAM_PUSH_AUTH_REQUIREEXPIRY");
        assertThat(Integer.parseInt(push.get("TICKSTREAM_PUSH_SESSION_TRUSTEDPROXYHOPS"))).isGreaterThanOrEqualTo(1);
        io.fabric8.kubernetes.api.model.Container container = Workload.in(prod).stream()
                .filter(w -> w.name().equals(ServiceFacts.PUSH)).findFirst().orElseThrow()
                .template().getSpec().getContainers().getFirst();
        var secret = Manifests.env(container, "TICKSTREAM_PUSH_AUTH_SECRET").orElseThrow().getValueFrom().getSecretKeyRef();
        assertThat(secret.getName()).isEqualTo("tickstream-push");
        assertThat(secret.getOptional()).as("production never runs the push service open").isNotEqualTo(Boolean.TRUE);
        // dev stays open for local clients, but still behind the gateway's hop
        Map<String, String> dev = configMap(render("dev"), "websocket-push-service-config");
        assertThat(dev).doesNotContainKey("TICKSTREAM_PUSH_AUTH_MODE");
        assertThat(dev.get("TICKSTREAM_PUSH_SESSION_TRUSTEDPROXYHOPS")).isEqualTo("1");
    }

    /** Every Secret the manifests reference is one deploy/README.md tells how to create, with that key. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void referencedSecretsAreDocumented(String overlay) {
        String readme = RepositoryFiles.read(RepositoryFiles.path("deploy/README.md"));
        Pattern createLine = Pattern.compile("kubectl [^\\n]*create secret generic (\\S+)((?:[^\\n]|\\\\\\n)*)");
        Map<String, String> documented = new java.util.HashMap<>();
        Matcher m = createLine.matcher(readme);
        while (m.find()) {
            documented.merge(m.group(1), m.group(2), String::concat);
        }
        Workload.in(render(overlay)).forEach(w -> w.template().getSpec().getContainers().forEach(c ->
                java.util.Objects.requireNonNullElse(c.getEnv(), List.<io.fabric8.kubernetes.api.model.EnvVar>of()).forEach(e -> {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        assertThat(documented).as("README creates Secret %s", ref.getName()).containsKey(ref.getName());
                        assertThat(documented.get(ref.getName())).as("README gives %s key %s", ref.getName(), ref.getKey())
                                .contains("--from-literal=" + ref.getKey() + "=");
                    }
                })));
    }

    private static Map<String, String> configMap(List<HasMetadata> objects, String name) {
        return objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.ConfigMap && o.getMetadata().getName().equals(name))
                .map(o -> ((io.fabric8.kubernetes.api.model.ConfigMap) o).getData()).findFirst().orElseThrow();
    }

    private static List<String> images(List<HasMetadata> objects) {
        return objects.stream().filter(Deployment.class::isInstance)
                .flatMap(o -> ((Deployment) o).getSpec().getTemplate().getSpec().getContainers().stream())
                .map(io.fabric8.kubernetes.api.model.Container::getImage).toList();
    }
}
