package io.tickstream.deploy.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Rendered objects loaded into the Kubernetes API model (fabric8). Each {@code apiVersion}/{@code kind}
 * must be one the manifests are meant to use, and every field must be one the model knows: fabric8 keeps
 * unknown fields in {@code additionalProperties} instead of failing, so those are looked for and reported
 * (a misspelt {@code readinesProbe} would otherwise pass unnoticed).
 */
public final class KubernetesObjects {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private KubernetesObjects() {
    }

    public static List<HasMetadata> load(List<Map<String, Object>> rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Map<String, Object> raw : rendered) {
            String type = raw.get("apiVersion") + "/" + raw.get("kind");
            if (PrometheusRules.TYPE.equals(type)) {
                objects.add(PrometheusRules.load(raw));
                continue;
            }
            Class<? extends HasMetadata> cls = TYPES.get(type);
            if (cls == null) {
                throw new IllegalArgumentException("unexpected object type " + type + " (" + Kustomize.name(raw) + ")");
            }
            HasMetadata object = MAPPER.convertValue(raw, cls);
            List<String> unknown = new ArrayList<>();
            unknownFields(object, type + " " + object.getMetadata().getName(), unknown);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("fields the Kubernetes API does not know: " + unknown);
            }
            objects.add(object);
        }
        return objects;
    }

    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + " " + extra.keySet());
                    }
                } else {
                    unknownFields(value, path + "." + getter.getName().substring(3), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
