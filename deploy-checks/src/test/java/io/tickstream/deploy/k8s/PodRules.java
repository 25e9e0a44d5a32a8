package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tickstream.deploy.Durations;
import io.tickstream.deploy.ServiceApplicationYaml;
import io.tickstream.deploy.ServiceFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules on each workload's pod template: probes, resources, pinned images, non-root, graceful shutdown.
 */
final class PodRules {

    private final Manifests m;

    PodRules(Manifests manifests) {
        this.m = manifests;
    }

    /** Liveness and readiness on every container; the services' on their actuator groups and management port. */
    List<String> probes() {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads) {
            for (Container c : Manifests.containers(w)) {
                if (c.getLivenessProbe() == null || c.getReadinessProbe() == null) {
                    v.add(Manifests.id(w) + ": container " + c.getName() + " lacks a liveness or readiness probe");
                    continue;
                }
                ServiceFacts.find(w.name()).filter(f -> w.object() instanceof Deployment).ifPresent(f -> {
                    expectHttpProbe(v, w, c, c.getLivenessProbe(), ManifestRules.LIVENESS, f.managementPort());
                    expectHttpProbe(v, w, c, c.getReadinessProbe(), ManifestRules.READINESS, f.managementPort());
                    if (c.getStartupProbe() != null) {
                        expectHttpProbe(v, w, c, c.getStartupProbe(), ManifestRules.LIVENESS, f.managementPort());
                    }
                });
            }
        }
        return v;
    }

    /** CPU and memory requests and limits on every container, requests not above limits. */
    List<String> resources() {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads) {
            for (Container c : Manifests.containers(w)) {
                ResourceRequirements r = c.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = r == null || r.getRequests() == null ? null : r.getRequests().get(resource);
                    Quantity limit = r == null || r.getLimits() == null ? null : r.getLimits().get(resource);
                    if (request == null || limit == null) {
                        v.add(Manifests.id(w) + ": container " + c.getName() + " lacks a " + resource + " request or limit");
                    } else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                        v.add(Manifests.id(w) + ": container " + c.getName() + " requests more " + resource + " than its limit");
                    }
                }
            }
        }
        return v;
    }

    /** Every image carries a tag other than latest, or a digest. */
    List<String> pinnedImages() {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads) {
            for (Container c : Manifests.allContainers(w)) {
                if (!ImageRef.parse(c.getImage()).pinned()) {
                    v.add(Manifests.id(w) + ": image " + c.getImage() + " is not pinned to a tag or digest");
                }
            }
        }
        return v;
    }

    /** Pods and containers run as a non-root user without privilege escalation. */
    List<String> nonRoot() {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads) {
            PodSecurityContext pod = w.template().getSpec().getSecurityContext();
            if (pod == null || !Boolean.TRUE.equals(pod.getRunAsNonRoot()) || Long.valueOf(0).equals(pod.getRunAsUser())) {
                v.add(Manifests.id(w) + ": pod securityContext does not require a non-root user");
            }
            for (Container c : Manifests.allContainers(w)) {
                SecurityContext sc = c.getSecurityContext();
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()) || Boolean.TRUE.equals(sc.getPrivileged())
                        || Long.valueOf(0).equals(sc.getRunAsUser()) || Boolean.FALSE.equals(sc.getRunAsNonRoot())) {
                    v.add(Manifests.id(w) + ": container " + c.getName() + " may run as root or escalate privileges");
                }
            }
        }
        return v;
    }

    /**
     * Each service: a preStop sleep (endpoints are removed before the drain starts), a drain set in its
     * ConfigMap no shorter than its application.yml's, and a termination grace period longer than both.
     */
    List<String> gracefulShutdown() {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads) {
            Optional<ServiceFacts> facts = ServiceFacts.find(w.name());
            if (facts.isEmpty() || !(w.object() instanceof Deployment)) {
                continue;
            }
            Container c = Manifests.containers(w).getFirst();
            long preStop = preStopSleepSeconds(c);
            if (preStop <= 0) {
                v.add(Manifests.id(w) + ": no preStop sleep");
            }
            Optional<String> drainText = m.configValue(c, ManifestRules.DRAIN_ENV);
            if (drainText.isEmpty()) {
                v.add(Manifests.id(w) + ": " + ManifestRules.DRAIN_ENV + " is not set in its ConfigMap");
                continue;
            }
            long drain = Durations.parse(drainText.get()).toSeconds();
            ServiceApplicationYaml.of(w.name()).ifPresent(app -> {
                if (drain < app.shutdownPhaseTimeout().toSeconds()) {
                    v.add(Manifests.id(w) + ": drain " + drain + " s is shorter than the service's own " + app.shutdownPhaseTimeout());
                }
            });
            long grace = Objects.requireNonNullElse(w.template().getSpec().getTerminationGracePeriodSeconds(), 30L);
            if (grace <= preStop + drain) {
                v.add(Manifests.id(w) + ": termination grace " + grace + " s is not longer than preStop " + preStop + " s + drain " + drain + " s");
            }
        }
        return v;
    }

    private static long preStopSleepSeconds(Container c) {
        if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null) {
            return 0;
        }
        var preStop = c.getLifecycle().getPreStop();
        if (preStop.getSleep() != null && preStop.getSleep().getSeconds() != null) {
            return preStop.getSleep().getSeconds();
        }
        if (preStop.getExec() != null) {
            List<String> cmd = preStop.getExec().getCommand();
            if (cmd.size() == 2 && cmd.getFirst().endsWith("sleep") && cmd.get(1).matches("\\d+")) {
                return Long.parseLong(cmd.get(1));
            }
        }
        return 0;
    }

    private void expectHttpProbe(List<String> v, Workload w, Container c, Probe probe, String path, int port) {
        if (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())
                || !Objects.equals(Manifests.resolvePort(w, probe.getHttpGet().getPort()), port)) {
            v.add(Manifests.id(w) + ": container " + c.getName() + " probe is not GET " + path + " on port " + port);
        }
    }
}
