package io.tickstream.deploy.k8s;

import io.tickstream.deploy.RepositoryFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset Tickstream's overlays use
 * (kubectl is not on these machines): {@code resources} (files, and directories with their own
 * kustomization), {@code patches} (a file holding one strategic merge patch, its target found by kind
 * and name, as kustomize requires; or a {@code target} by kind and name with an inline strategic merge
 * or JSON patch, applied to every match),
 * {@code images} ({@code newName}, {@code newTag}, {@code digest}), {@code namespace}, and {@code labels}
 * without selectors or templates. A field outside the subset fails the render, so a kustomization can
 * never rely on something this renderer silently skips.
 */
public final class KustomizeRenderer {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "patches", "images", "namespace", "labels");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass");

    private KustomizeRenderer() {
    }

    public static List<Map<String, Object>> render(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        Map<String, Object> k = RepositoryFiles.yamlDocument(file);
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new UnsupportedOperationException(file + ": '" + key + "' is outside the rendered subset " + SUPPORTED);
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : strings(k.get("resources"))) {
            Path p = directory.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(p) ? render(p) : RepositoryFiles.yamlDocuments(p));
        }
        for (Object patch : list(k.get("patches"))) {
            applyPatch(objects, StrategicMerge.cast((Map<?, ?>) patch), directory, file);
        }
        Object namespace = k.get("namespace");
        if (namespace != null) {
            objects.replaceAll(o -> CLUSTER_SCOPED.contains(kind(o)) ? o : with(o, "namespace", namespace));
        }
        for (Object labels : list(k.get("labels"))) {
            Map<String, Object> entry = StrategicMerge.cast((Map<?, ?>) labels);
            if (Boolean.TRUE.equals(entry.get("includeSelectors")) || Boolean.TRUE.equals(entry.get("includeTemplates"))) {
                throw new UnsupportedOperationException(file + ": labels into selectors or templates are not rendered");
            }
            Map<String, Object> pairs = StrategicMerge.cast((Map<?, ?>) entry.get("pairs"));
            objects.replaceAll(o -> withLabels(o, pairs));
        }
        for (Object image : list(k.get("images"))) {
            Map<String, Object> entry = StrategicMerge.cast((Map<?, ?>) image);
            objects.forEach(o -> retag(o, entry));
        }
        return objects;
    }

    private static void applyPatch(List<Map<String, Object>> objects, Map<String, Object> entry, Path dir, Path file) {
        if (entry.containsKey("path") && !entry.containsKey("target") && !entry.containsKey("patch")) {
            List<Map<String, Object>> docs = RepositoryFiles.yamlDocuments(dir.resolve(String.valueOf(entry.get("path"))));
            if (docs.size() != 1) {
                throw new IllegalStateException(file + ": " + entry.get("path") + " holds " + docs.size()
                        + " documents; kustomize's patches take one patch per file");
            }
            int at = target(objects, docs.getFirst(), file);
            objects.set(at, StrategicMerge.apply(objects.get(at), docs.getFirst()));
            return;
        }
        if (!entry.keySet().equals(Set.of("target", "patch"))) {
            throw new UnsupportedOperationException(file + ": only patches by path, or by target with an inline patch, are rendered: " + entry);
        }
        Map<String, Object> target = StrategicMerge.cast((Map<?, ?>) entry.get("target"));
        if (!Set.of("kind", "name").containsAll(target.keySet())) {
            throw new UnsupportedOperationException(file + ": patch targets by kind and name only: " + target);
        }
        Object patch = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()))
                .load(String.valueOf(entry.get("patch")));
        boolean matched = false;
        for (int i = 0; i < objects.size(); i++) {
            Map<String, Object> o = objects.get(i);
            if ((target.get("kind") == null || target.get("kind").equals(kind(o))) && (target.get("name") == null || target.get("name").equals(name(o)))) {
                objects.set(i, patch instanceof List<?> ops ? JsonPatch.apply(o, ops)
                        : StrategicMerge.apply(o, withoutIdentity(StrategicMerge.cast((Map<?, ?>) patch))));
                matched = true;
            }
        }
        if (!matched) {
            throw new IllegalStateException(file + ": patch target " + target + " matches nothing");
        }
    }

    /** An inline strategic merge patch's own kind and name only say what it is; the target picks the objects. */
    private static Map<String, Object> withoutIdentity(Map<String, Object> patch) {
        Map<String, Object> p = new LinkedHashMap<>(patch);
        p.remove("apiVersion");
        p.remove("kind");
        if (p.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> m = new LinkedHashMap<>(StrategicMerge.cast(metadata));
            m.remove("name");
            if (m.isEmpty()) {
                p.remove("metadata");
            } else {
                p.put("metadata", m);
            }
        }
        return p;
    }

    private static int target(List<Map<String, Object>> objects, Map<String, Object> patch, Path file) {
        int found = -1;
        for (int i = 0; i < objects.size(); i++) {
            if (kind(objects.get(i)).equals(kind(patch)) && name(objects.get(i)).equals(name(patch))) {
                if (found >= 0) {
                    throw new IllegalStateException(file + ": patch target " + kind(patch) + "/" + name(patch) + " is ambiguous");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException(file + ": patch target " + kind(patch) + "/" + name(patch) + " not found");
        }
        return found;
    }

    private static Map<String, Object> with(Map<String, Object> object, String metadataKey, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        Map<String, Object> metadata = new LinkedHashMap<>(StrategicMerge.cast((Map<?, ?>) object.get("metadata")));
        metadata.put(metadataKey, value);
        copy.put("metadata", metadata);
        return copy;
    }

    private static Map<String, Object> withLabels(Map<String, Object> object, Map<String, Object> pairs) {
        Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
        Map<String, Object> labels = new LinkedHashMap<>();
        if (metadata.get("labels") instanceof Map<?, ?> existing) {
            labels.putAll(StrategicMerge.cast(existing));
        }
        labels.putAll(pairs);
        return with(object, "labels", labels);
    }

    /** Rewrites matching container images in a pod template, in place (the objects are this render's own copies). */
    private static void retag(Map<String, Object> object, Map<String, Object> entry) {
        if (!(object.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?> template)
                || !(template.get("spec") instanceof Map<?, ?> podSpec)) {
            return;
        }
        for (String field : List.of("containers", "initContainers")) {
            if (!(podSpec.get(field) instanceof List<?> containers)) {
                continue;
            }
            List<Object> copies = new ArrayList<>();
            for (Object c : containers) {
                Map<String, Object> container = new LinkedHashMap<>(StrategicMerge.cast((Map<?, ?>) c));
                String image = String.valueOf(container.get("image"));
                ImageRef ref = ImageRef.parse(image);
                if (ref.name().equals(entry.get("name"))) {
                    container.put("image", ref.retagged(str(entry.get("newName")), str(entry.get("newTag")), str(entry.get("digest"))).toString());
                }
                copies.add(container);
            }
            StrategicMerge.cast(podSpec).put(field, copies);
        }
    }

    static String kind(Map<String, Object> o) {
        return String.valueOf(o.get("kind"));
    }

    static String name(Map<String, Object> o) {
        return String.valueOf(((Map<?, ?>) o.get("metadata")).get("name"));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }
}
