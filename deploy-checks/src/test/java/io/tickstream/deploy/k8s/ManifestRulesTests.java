package io.tickstream.deploy.k8s;

import io.tickstream.deploy.RepositoryFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule catches the mistake it exists for: one defect put into the rendered dev overlay, one violation out. */
class ManifestRulesTests {

    @Test
    void theUntouchedRenderHoldsEveryRule() {
        assertThat(rules(objects -> { }).all()).isEmpty();
    }

    @Test
    void aMissingReadinessProbe() {
        assertThat(rules(o -> container(o, "market-query-service").remove("readinessProbe")).probes())
                .containsExactly("Deployment/market-query-service: container market-query-service lacks a liveness or readiness probe");
    }

    @Test
    void aProbeOnTheWrongPort() {
        assertThat(rules(o -> httpGet(container(o, "gateway"), "livenessProbe").put("port", "http")).probes())
                .containsExactly("Deployment/gateway: container gateway probe is not GET /actuator/health/liveness on port 8090");
    }

    @Test
    void aMissingMemoryLimit() {
        assertThat(rules(o -> map(container(o, "stream-backup-service").get("resources"), "limits").remove("memory")).resources())
                .containsExactly("Deployment/stream-backup-service: container stream-backup-service lacks a memory request or limit");
    }

    @Test
    void aServiceSelectingNothing() {
        assertThat(rules(o -> map(object(o, "Service", "websocket-push-service").get("spec"), "selector")
                .put("app.kubernetes.io/name", "websocket-push")).serviceSelectors())
                .containsExactly("Service/websocket-push-service: selector {app.kubernetes.io/name=websocket-push} matches no Deployment's or StatefulSet's pods");
    }

    @Test
    void anAutoscalerTargetingNothingAndADeploymentFightingIt() {
        ManifestRules rules = rules(o -> {
            map(object(o, "HorizontalPodAutoscaler", "market-query-service").get("spec"), "scaleTargetRef").put("name", "query");
            ((Map<String, Object>) object(o, "Deployment", "gateway").get("spec")).put("replicas", 2);
        });
        assertThat(rules.autoscalers()).contains("HorizontalPodAutoscaler/market-query-service: target Deployment/query does not exist",
                "Deployment/gateway: sets replicas while an HPA scales it (each apply would reset the HPA's count)",
                "Deployment/market-query-service: no HorizontalPodAutoscaler");
    }

    @Test
    void theLatestTag() {
        assertThat(rules(o -> container(o, "gateway").put("image", "tickstream/gateway:latest")).pinnedImages())
                .containsExactly("Deployment/gateway: image tickstream/gateway:latest is not pinned to a tag or digest");
        assertThat(rules(o -> container(o, "gateway").put("image", "tickstream/gateway")).pinnedImages()).hasSize(1);
    }

    @Test
    void plainTextSecrets() {
        ManifestRules rules = rules(o -> {
            o.add(new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Secret",
                    "metadata", new LinkedHashMap<>(Map.of("name", "tickstream-postgres")), "stringData", Map.of("password", "x"))));
            env(container(o, "stream-backup-service")).replaceAll(e -> ((Map<?, ?>) e).get("name").equals("POSTGRES_PASSWORD")
                    ? Map.of("name", "POSTGRES_PASSWORD", "value", "hunter2") : e);
            ((Map<String, Object>) object(o, "ConfigMap", "gateway-config").get("data")).put("SOME_SETTING", "c2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA=");
        });
        assertThat(rules.noPlainSecrets()).containsExactlyInAnyOrder(
                "Secret/tickstream-postgres: Secrets are created out of band (deploy/README.md), never committed",
                "ConfigMap/gateway-config: SOME_SETTING looks like a secret in a ConfigMap",
                "Deployment/stream-backup-service: env POSTGRES_PASSWORD has a literal value that looks like a secret",
                "Deployment/stream-backup-service: POSTGRES_PASSWORD is not taken from a Secret");
    }

    @Test
    void rootAndPrivilegeEscalation() {
        ManifestRules rules = rules(o -> {
            podSpec(o, "Deployment", "market-ingest-service").put("securityContext", Map.of("runAsUser", 0));
            ((Map<String, Object>) container(o, "gateway").get("securityContext")).put("allowPrivilegeEscalation", true);
        });
        assertThat(rules.nonRoot()).containsExactlyInAnyOrder(
                "Deployment/market-ingest-service: pod securityContext does not require a non-root user",
                "Deployment/gateway: container gateway may run as root or escalate privileges");
    }

    @Test
    void aGracePeriodShorterThanPreStopAndDrain() {
        assertThat(rules(o -> podSpec(o, "Deployment", "stream-backup-service").put("terminationGracePeriodSeconds", 25)).gracefulShutdown())
                .containsExactly("Deployment/stream-backup-service: termination grace 25 s is not longer than preStop 5 s + drain 20 s");
        assertThat(rules(o -> container(o, "gateway").remove("lifecycle")).gracefulShutdown())
                .containsExactly("Deployment/gateway: no preStop sleep");
    }

    @Test
    void aDrainShorterThanTheServicesOwn() {
        // stream-backup-service's application.yml drains for 20 s
        assertThat(rules(o -> ((Map<String, Object>) object(o, "ConfigMap", "stream-backup-service-config").get("data"))
                .put(ManifestRules.DRAIN_ENV, "5s")).gracefulShutdown())
                .containsExactly("Deployment/stream-backup-service: drain 5 s is shorter than the service's own PT20S");
    }

    @Test
    void aBudgetSelectingNothing() {
        assertThat(rules(o -> map(map(object(o, "PodDisruptionBudget", "gateway").get("spec"), "selector"), "matchLabels")
                .put("app.kubernetes.io/name", "gw")).disruptionBudgets())
                .containsExactly("PodDisruptionBudget/gateway: selector matches no workload's pods",
                        "Deployment/gateway: not covered by exactly one PodDisruptionBudget");
    }

    @Test
    void aBackendOpenToTheWorldAndNoDefaultDeny() {
        ManifestRules rules = rules(o -> {
            o.removeIf(x -> x.get("kind").equals("NetworkPolicy") && name(x).equals("default-deny-ingress"));
            List<Object> ingress = (List<Object>) ((Map<String, Object>) object(o, "NetworkPolicy", "market-query-service-from-gateway").get("spec")).get("ingress");
            ingress.add(Map.of("ports", List.of(Map.of("port", 8084))));
        });
        assertThat(rules.networkPolicies()).containsExactlyInAnyOrder(
                "NetworkPolicy: no default-deny ingress policy (empty podSelector, policyTypes [Ingress], no rules)",
                "NetworkPolicy/market-query-service-from-gateway: opens Deployment/market-query-service ports [8084] to any source");
    }

    @Test
    void aConfigMapPointingAtAServiceThatDoesNotExist() {
        assertThat(rules(o -> ((Map<String, Object>) object(o, "ConfigMap", "gateway-config").get("data"))
                .put("QUERY_URI", "http://market-query-service:8080")).serviceConfiguration())
                .containsExactly("Deployment/gateway: QUERY_URI=http://market-query-service:8080 is no Service port of this overlay");
    }

    @Test
    void aMisspeltFieldIsRefusedByTheModelCheck() {
        assertThatThrownBy(() -> rules(o -> {
            Map<String, Object> c = container(o, "gateway");
            c.put("readinesProbe", c.remove("readinessProbe"));
        })).hasMessageContaining("readinesProbe");
    }

    // --- a mutable copy of the dev render -----------------------------------------------------------

    private static ManifestRules rules(Consumer<List<Map<String, Object>>> defect) {
        List<Map<String, Object>> objects = new ArrayList<>();
        Kustomize.render(RepositoryFiles.path("deploy/k8s/overlays/dev")).forEach(o -> objects.add(deepCopy(o)));
        defect.accept(objects);
        return new ManifestRules(KubernetesObjects.load(objects));
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }

    private static Map<String, Object> object(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> o.get("kind").equals(kind) && name(o).equals(name)).findFirst().orElseThrow();
    }

    private static String name(Map<String, Object> o) {
        return String.valueOf(((Map<?, ?>) o.get("metadata")).get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(List<Map<String, Object>> objects, String kind, String name) {
        Map<String, Object> template = map(object(objects, kind, name).get("spec"), "template");
        return map(template, "spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(List<Map<String, Object>> objects, String deployment) {
        return (Map<String, Object>) ((List<Object>) podSpec(objects, "Deployment", deployment).get("containers")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> env(Map<String, Object> container) {
        return (List<Object>) container.get("env");
    }

    private static Map<String, Object> httpGet(Map<String, Object> container, String probe) {
        return map(container.get(probe), "httpGet");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object parent, String key) {
        return (Map<String, Object>) ((Map<String, Object>) parent).get(key);
    }
}
