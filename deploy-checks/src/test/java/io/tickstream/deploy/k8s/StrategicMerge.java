package io.tickstream.deploy.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Kubernetes' strategic merge patch the overlays use: maps merge key by key (a null value
 * deletes the key), lists of containers, env, volumes, volume mounts and ports merge element by element on
 * their merge key as the API's patch strategy declares, every other list and scalar is replaced.
 * Directives ({@code $patch}, {@code $retainKeys}, …) are refused rather than ignored.
 */
final class StrategicMerge {

    /** Merge key per list field, as in the Kubernetes API's {@code patchMergeKey} tags. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
            "volumeMounts", "mountPath", "imagePullSecrets", "name", "envFrom", "", "ports", "");

    private StrategicMerge() {
    }

    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            if (key.startsWith("$")) {
                throw new UnsupportedOperationException("strategic merge directive " + key + " is not supported");
            }
            Object current = result.get(key);
            if (value == null) {
                result.remove(key);
            } else if (current instanceof Map<?, ?> c && value instanceof Map<?, ?> v) {
                result.put(key, apply(cast(c), cast(v)));
            } else if (current instanceof List<?> c && value instanceof List<?> v && MERGE_KEYS.containsKey(key)) {
                result.put(key, mergeList(key, c, v));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    private static List<Object> mergeList(String field, List<?> current, List<?> patch) {
        List<Object> merged = new ArrayList<>(current);
        for (Object p : patch) {
            String key = mergeKey(field, p);
            int at = key == null ? -1 : indexOf(merged, key, ((Map<?, ?>) p).get(key));
            if (at >= 0) {
                merged.set(at, apply(cast((Map<?, ?>) merged.get(at)), cast((Map<?, ?>) p)));
            } else {
                merged.add(p);
            }
        }
        return merged;
    }

    private static String mergeKey(String field, Object element) {
        if (!(element instanceof Map<?, ?> map)) {
            return null;
        }
        String key = MERGE_KEYS.get(field);
        if (field.equals("ports")) {
            key = map.containsKey("containerPort") ? "containerPort" : "port";
        }
        return key == null || key.isEmpty() || !map.containsKey(key) ? null : key;
    }

    private static int indexOf(List<Object> list, String key, Object value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> m && value.equals(m.get(key))) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
