package io.tickstream.deploy.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Prometheus Operator's {@code PrometheusRule} in rendered manifests. The fabric8 core model has no
 * type for it, so it loads as a {@link GenericKubernetesResource} after a check of its shape: a
 * {@code spec} holding only {@code groups}, each with a {@code name} and {@code rules}, each rule an
 * {@code alert} or {@code record} with an {@code expr} and only the fields Prometheus knows. The rules
 * themselves are checked and unit-tested by promtool ({@code AlertRulesTests}).
 */
final class PrometheusRules {

    static final String TYPE = "monitoring.coreos.com/v1/PrometheusRule";

    private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "rules", "limit");
    private static final Set<String> RULE_FIELDS = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");

    private PrometheusRules() {
    }

    static GenericKubernetesResource load(Map<String, Object> raw) {
        Map<?, ?> spec = (Map<?, ?>) raw.get("spec");
        String name = Kustomize.name(raw);
        if (spec == null || !spec.keySet().equals(Set.of("groups"))) {
            throw new IllegalArgumentException("PrometheusRule " + name + ": spec must hold exactly 'groups'");
        }
        for (Object g : (List<?>) spec.get("groups")) {
            Map<?, ?> group = (Map<?, ?>) g;
            requireKnown(name, group.keySet(), GROUP_FIELDS);
            for (Object r : (List<?>) group.get("rules")) {
                Map<?, ?> rule = (Map<?, ?>) r;
                requireKnown(name + " group " + group.get("name"), rule.keySet(), RULE_FIELDS);
                if (rule.get("expr") == null || (rule.get("alert") == null) == (rule.get("record") == null)) {
                    throw new IllegalArgumentException("PrometheusRule " + name + ": a rule needs an expr and either alert or record: " + rule);
                }
            }
        }
        return new ObjectMapper().convertValue(raw, GenericKubernetesResource.class);
    }

    private static void requireKnown(String where, Set<?> fields, Set<String> known) {
        for (Object field : fields) {
            if (!known.contains(String.valueOf(field))) {
                throw new IllegalArgumentException("PrometheusRule " + where + ": unknown field '" + field + "'");
            }
        }
    }
}
