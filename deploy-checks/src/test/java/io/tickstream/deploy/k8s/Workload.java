package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A Deployment or StatefulSet seen through what the rules need: its selector and pod template. */
record Workload(HasMetadata object, LabelSelector selector, PodTemplateSpec template) {

    static List<Workload> in(List<HasMetadata> objects) {
        return objects.stream().map(Workload::of).flatMap(Optional::stream).toList();
    }

    static Optional<Workload> of(HasMetadata o) {
        if (o instanceof Deployment d) {
            return Optional.of(new Workload(d, d.getSpec().getSelector(), d.getSpec().getTemplate()));
        }
        if (o instanceof StatefulSet s) {
            return Optional.of(new Workload(s, s.getSpec().getSelector(), s.getSpec().getTemplate()));
        }
        return Optional.empty();
    }

    String name() {
        return object.getMetadata().getName();
    }

    String kind() {
        return object.getKind();
    }

    Map<String, String> podLabels() {
        return Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
    }

    /** Whether a matchLabels selector selects this workload's pods (matchExpressions are not used here). */
    boolean selectedBy(Map<String, String> matchLabels) {
        return matchLabels != null && !matchLabels.isEmpty() && podLabels().entrySet().containsAll(matchLabels.entrySet());
    }

    boolean selectedBy(LabelSelector selector) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new UnsupportedOperationException("matchExpressions are not evaluated by these checks");
        }
        Map<String, String> labels = selector.getMatchLabels();
        return labels == null || labels.isEmpty() ? true : selectedBy(labels);
    }
}
