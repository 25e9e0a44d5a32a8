package io.tickstream.deploy.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The renderer does what kustomize does for the subset it supports, and refuses the rest. */
class KustomizeRendererTests {

    @TempDir
    Path dir;

    @Test
    void rendersResourcesPatchesNamespaceLabelsAndImages() throws IOException {
        write("base/kustomization.yaml", """
                resources: [app.yaml]
                """);
        write("base/app.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app, labels: {a: b}}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: example/app:1.0
                          env: [{name: X, value: "1"}, {name: Y, value: "2"}]
                          resources: {requests: {cpu: 100m, memory: 1Gi}}
                        - name: sidecar
                          image: example/sidecar:2.0
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns}
                """);
        write("overlay/kustomization.yaml", """
                namespace: ns
                labels: [{pairs: {team: t}, includeSelectors: false}]
                resources: [../base]
                patches: [{path: patch.yaml}]
                images: [{name: example/app, newName: registry/app, newTag: "2.0"}]
                """);
        write("overlay/patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          env: [{name: Y, value: "3"}, {name: Z, value: "4"}]
                          resources: {requests: {cpu: 200m}}
                """);
        List<Map<String, Object>> out = KustomizeRenderer.render(dir.resolve("overlay"));
        Map<String, Object> deployment = out.getFirst();
        assertThat((Map<String, Object>) deployment.get("metadata")).containsEntry("namespace", "ns")
                .containsEntry("labels", Map.of("a", "b", "team", "t"));
        List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) deployment.get("spec"))
                .get("template")).get("spec")).get("containers");
        assertThat(containers.get(0)).containsEntry("image", "registry/app:2.0")
                .containsEntry("env", List.of(Map.of("name", "X", "value", "1"), Map.of("name", "Y", "value", "3"), Map.of("name", "Z", "value", "4")))
                .containsEntry("resources", Map.of("requests", Map.of("cpu", "200m", "memory", "1Gi")));
        assertThat(containers.get(1)).containsEntry("image", "example/sidecar:2.0");
        assertThat((Map<String, Object>) out.get(1).get("metadata")).doesNotContainKey("namespace");
    }

    @Test
    void refusesWhatItDoesNotRender() throws IOException {
        write("k/kustomization.yaml", """
                resources: []
                configMapGenerator: [{name: x, literals: [a=b]}]
                """);
        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("k"))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("configMapGenerator");
        write("s/kustomization.yaml", """
                labels: [{pairs: {a: b}, includeSelectors: true}]
                """);
        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("s"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aPatchWithoutTargetFails() throws IOException {
        write("p/kustomization.yaml", """
                patches: [{path: patch.yaml}]
                """);
        write("p/patch.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: missing}
                """);
        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("p"))).hasMessageContaining("ConfigMap/missing not found");
    }

    @Test
    void aPatchFileWithTwoDocumentsIsRefusedAsKustomizeDoes() throws IOException {
        write("m/kustomization.yaml", """
                resources: [cm.yaml]
                patches: [{path: patch.yaml}]
                """);
        write("m/cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
                """);
        write("m/patch.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: {x: "1"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
                data: {x: "2"}
                """);
        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("m"))).hasMessageContaining("one patch per file");
    }

    @Test
    void inlinePatchesApplyToEveryTarget() throws IOException {
        write("t/kustomization.yaml", """
                resources: [hpa.yaml]
                patches:
                  - target: {kind: HorizontalPodAutoscaler}
                    patch: |-
                      - {op: replace, path: /spec/minReplicas, value: 1}
                      - {op: add, path: /spec/metrics/-, value: {type: Resource}}
                  - target: {kind: HorizontalPodAutoscaler, name: b}
                    patch: |-
                      apiVersion: autoscaling/v2
                      kind: HorizontalPodAutoscaler
                      metadata: {name: ignored}
                      spec: {maxReplicas: 9}
                """);
        write("t/hpa.yaml", """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: a}
                spec: {minReplicas: 3, maxReplicas: 4, metrics: []}
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: b}
                spec: {minReplicas: 3, maxReplicas: 4, metrics: []}
                """);
        List<Map<String, Object>> out = KustomizeRenderer.render(dir.resolve("t"));
        assertThat(out.get(0).get("spec")).isEqualTo(Map.of("minReplicas", 1, "maxReplicas", 4, "metrics", List.of(Map.of("type", "Resource"))));
        assertThat(out.get(1).get("spec")).isEqualTo(Map.of("minReplicas", 1, "maxReplicas", 9, "metrics", List.of(Map.of("type", "Resource"))));
        assertThat(out.get(1).get("metadata")).isEqualTo(Map.of("name", "b"));
    }

    @Test
    void aJsonPatchReplacingWhatIsNotThereFails() throws IOException {
        write("j/kustomization.yaml", """
                resources: [cm.yaml]
                patches:
                  - target: {kind: ConfigMap}
                    patch: |-
                      - {op: replace, path: /data/missing, value: x}
                """);
        write("j/cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: {x: "1"}
                """);
        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("j"))).hasMessageContaining("missing does not exist");
    }

    @Test
    void imageReferences() {
        assertThat(ImageRef.parse("localhost:5001/tickstream/gateway:0.1.0")).isEqualTo(new ImageRef("localhost:5001/tickstream/gateway", "0.1.0", null));
        assertThat(ImageRef.parse("localhost:5001/tickstream/gateway").pinned()).isFalse();
        assertThat(ImageRef.parse("redis@sha256:abc").pinned()).isTrue();
        assertThat(ImageRef.parse("redis:latest").pinned()).isFalse();
    }

    private void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
