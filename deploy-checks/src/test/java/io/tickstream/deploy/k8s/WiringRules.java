package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tickstream.deploy.ServiceFacts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules on how the objects refer to each other: Service selectors, HPA targets, PDB selectors, and the
 * ConfigMaps naming Services.
 */
final class WiringRules {

    private final Manifests m;

    WiringRules(Manifests manifests) {
        this.m = manifests;
    }

    /** Every Service selects a workload's pods on ports they expose, or names an external endpoint. */
    List<String> serviceSelectors() {
        List<String> v = new ArrayList<>();
        for (Service s : m.of(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                if (!"ExternalName".equals(s.getSpec().getType()) || Manifests.blank(s.getSpec().getExternalName())) {
                    v.add(Manifests.id(s) + ": no selector and no external name");
                }
                continue;
            }
            List<Workload> selected = m.workloads.stream().filter(w -> w.selectedBy(selector)).toList();
            if (selected.isEmpty()) {
                v.add(Manifests.id(s) + ": selector " + selector + " matches no Deployment's or StatefulSet's pods");
            }
            for (Workload w : selected) {
                for (ServicePort port : s.getSpec().getPorts()) {
                    if (Manifests.resolvePort(w, port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort()) == null) {
                        v.add(Manifests.id(s) + ": target port " + port.getTargetPort() + " is not a port of " + Manifests.id(w));
                    }
                }
            }
        }
        return v;
    }

    /**
     * One HPA per service, targeting an existing Deployment that leaves the replica count to it; push, query
     * and gateway on CPU, backup on the archive lag external metric.
     */
    List<String> autoscalers() {
        List<String> v = new ArrayList<>();
        List<HorizontalPodAutoscaler> hpas = m.of(HorizontalPodAutoscaler.class);
        for (HorizontalPodAutoscaler h : hpas) {
            var ref = h.getSpec().getScaleTargetRef();
            Optional<Workload> target = m.workloads.stream()
                    .filter(w -> w.kind().equals(ref.getKind()) && w.name().equals(ref.getName())).findFirst();
            if (target.isEmpty()) {
                v.add(Manifests.id(h) + ": target " + ref.getKind() + "/" + ref.getName() + " does not exist");
            } else if (target.get().object() instanceof Deployment d && d.getSpec().getReplicas() != null) {
                v.add(Manifests.id(d) + ": sets replicas while an HPA scales it (each apply would reset the HPA's count)");
            }
            int min = Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1);
            if (min < 1 || h.getSpec().getMaxReplicas() < min) {
                v.add(Manifests.id(h) + ": replicas " + min + ".." + h.getSpec().getMaxReplicas());
            }
            if (h.getSpec().getMetrics() == null || h.getSpec().getMetrics().isEmpty()) {
                v.add(Manifests.id(h) + ": no metrics");
            }
        }
        for (ServiceFacts f : ServiceFacts.ALL) {
            Optional<HorizontalPodAutoscaler> h = hpas.stream()
                    .filter(x -> x.getSpec().getScaleTargetRef().getName().equals(f.name())).findFirst();
            if (h.isEmpty()) {
                v.add("Deployment/" + f.name() + ": no HorizontalPodAutoscaler");
                continue;
            }
            List<MetricSpec> metrics = Objects.requireNonNullElse(h.get().getSpec().getMetrics(), List.of());
            if (f.name().equals(ServiceFacts.BACKUP)) {
                if (metrics.stream().noneMatch(m -> "External".equals(m.getType()) && m.getExternal() != null
                        && ManifestRules.BACKUP_LAG_METRIC.equals(m.getExternal().getMetric().getName()))) {
                    v.add(Manifests.id(h.get()) + ": does not scale on the external metric " + ManifestRules.BACKUP_LAG_METRIC);
                }
            } else if (metrics.stream().noneMatch(m -> "Resource".equals(m.getType()) && m.getResource() != null
                    && "cpu".equals(m.getResource().getName()))) {
                v.add(Manifests.id(h.get()) + ": does not scale on CPU");
            }
        }
        return v;
    }

    /** One PDB per service selecting its pods, and every PDB selects something and allows one disruption. */
    List<String> disruptionBudgets() {
        List<String> v = new ArrayList<>();
        List<PodDisruptionBudget> pdbs = m.of(PodDisruptionBudget.class);
        for (PodDisruptionBudget p : pdbs) {
            var selector = p.getSpec().getSelector();
            if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()
                    || m.workloads.stream().noneMatch(w -> w.selectedBy(selector.getMatchLabels()))) {
                v.add(Manifests.id(p) + ": selector matches no workload's pods");
            }
            if (p.getSpec().getMaxUnavailable() == null) {
                v.add(Manifests.id(p) + ": use maxUnavailable (minAvailable blocks every drain of a single replica)");
            } else if (p.getSpec().getMaxUnavailable().getIntVal() != null && p.getSpec().getMaxUnavailable().getIntVal() < 1) {
                v.add(Manifests.id(p) + ": maxUnavailable below 1 blocks every node drain");
            }
        }
        for (ServiceFacts f : ServiceFacts.ALL) {
            Optional<Workload> w = m.workloads.stream().filter(x -> x.name().equals(f.name())).findFirst();
            if (w.isPresent() && pdbs.stream().filter(p -> w.get().selectedBy(p.getSpec().getSelector().getMatchLabels())).count() != 1) {
                v.add(Manifests.id(w.get()) + ": not covered by exactly one PodDisruptionBudget");
            }
        }
        return v;
    }

    /**
     * The services' ConfigMaps agree with their ports, and name the Services they talk to: {@code redis},
     * {@code postgres} and, for the gateway, each backend's Service and port.
     */
    List<String> serviceConfiguration() {
        List<String> v = new ArrayList<>();
        for (ServiceFacts f : ServiceFacts.ALL) {
            Optional<Workload> found = m.workloads.stream().filter(w -> w.name().equals(f.name())).findFirst();
            if (found.isEmpty()) {
                v.add("Deployment/" + f.name() + ": missing");
                continue;
            }
            Workload w = found.get();
            Container c = Manifests.containers(w).getFirst();
            if (!Objects.equals(Manifests.resolvePort(w, new IntOrString("http")), f.port())) {
                v.add(Manifests.id(w) + ": container port 'http' is not " + f.port());
            }
            if (!m.configValue(c, "PORT").equals(Optional.of(Integer.toString(f.port())))) {
                v.add(Manifests.id(w) + ": PORT is not " + f.port());
            }
            if (f.managementPort() != f.port() && !m.configValue(c, "MANAGEMENT_PORT").equals(Optional.of(Integer.toString(f.managementPort())))) {
                v.add(Manifests.id(w) + ": MANAGEMENT_PORT is not " + f.managementPort());
            }
            expectService(v, w, c, "REDIS_HOST", "REDIS_PORT");
            if (f.postgres()) {
                expectService(v, w, c, "POSTGRES_HOST", "POSTGRES_PORT");
            }
            for (String uriVar : f.extraEnv().stream().filter(n -> n.endsWith("_URI")).toList()) {
                m.configValue(c, uriVar).ifPresentOrElse(value -> {
                    URI uri = URI.create(value);
                    if (!m.serviceExposes(uri.getHost(), uri.getPort())) {
                        v.add(Manifests.id(w) + ": " + uriVar + "=" + value + " is no Service port of this overlay");
                    }
                }, () -> v.add(Manifests.id(w) + ": " + uriVar + " is not set"));
            }
        }
        return v;
    }

    private void expectService(List<String> v, Workload w, Container c, String hostVar, String portVar) {
        Optional<String> host = m.configValue(c, hostVar);
        Optional<String> port = m.configValue(c, portVar);
        if (host.isEmpty() || port.isEmpty() || !m.serviceExposes(host.get(), Integer.parseInt(port.get()))) {
            v.add(Manifests.id(w) + ": " + hostVar + ":" + portVar + " " + host.orElse("?") + ":" + port.orElse("?")
                    + " is no Service of this overlay");
        }
    }
}
