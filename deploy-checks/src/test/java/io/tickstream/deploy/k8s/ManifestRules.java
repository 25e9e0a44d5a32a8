package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariants every rendered overlay must hold, each rule returning its violations as
 * {@code Kind/name: what is wrong} (empty when the rule holds), so a test can show them all at once
 * and another test can prove each rule catches what it is for. The rules live in {@link PodRules},
 * {@link WiringRules} and {@link ExposureRules}.
 */
public final class ManifestRules {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    static final String DRAIN_ENV = "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE";
    static final String BACKUP_LAG_METRIC = "tickstream_backup_lag";
    static final String MONITORING_NAMESPACE = "monitoring";

    private final PodRules pods;
    private final WiringRules wiring;
    private final ExposureRules exposure;

    public ManifestRules(List<HasMetadata> objects) {
        Manifests manifests = new Manifests(objects);
        this.pods = new PodRules(manifests);
        this.wiring = new WiringRules(manifests);
        this.exposure = new ExposureRules(manifests);
    }

    public List<String> all() {
        List<String> v = new ArrayList<>();
        v.addAll(probes());
        v.addAll(resources());
        v.addAll(serviceSelectors());
        v.addAll(autoscalers());
        v.addAll(pinnedImages());
        v.addAll(noPlainSecrets());
        v.addAll(nonRoot());
        v.addAll(gracefulShutdown());
        v.addAll(disruptionBudgets());
        v.addAll(networkPolicies());
        v.addAll(serviceConfiguration());
        return v;
    }

    /** Liveness and readiness on every container; the services' on their actuator groups and management port. */
    public List<String> probes() {
        return pods.probes();
    }

    /** CPU and memory requests and limits on every container, requests not above limits. */
    public List<String> resources() {
        return pods.resources();
    }

    /** Every Service selects a workload's pods on ports they expose, or names an external endpoint. */
    public List<String> serviceSelectors() {
        return wiring.serviceSelectors();
    }

    /**
     * One HPA per service, targeting an existing Deployment that leaves the replica count to it; push, query
     * and gateway on CPU, backup on the archive lag external metric.
     */
    public List<String> autoscalers() {
        return wiring.autoscalers();
    }

    /** Every image carries a tag other than latest, or a digest. */
    public List<String> pinnedImages() {
        return pods.pinnedImages();
    }

    /**
     * No Secret objects, no secret-named setting with a literal value, no value that looks like a key; the
     * services' secret variables come from secretKeyRef.
     */
    public List<String> noPlainSecrets() {
        return exposure.noPlainSecrets();
    }

    /** Pods and containers run as a non-root user without privilege escalation. */
    public List<String> nonRoot() {
        return pods.nonRoot();
    }

    /**
     * Each service: a preStop sleep (endpoints are removed before the drain starts), a drain set in its
     * ConfigMap no shorter than its application.yml's, and a termination grace period longer than both.
     */
    public List<String> gracefulShutdown() {
        return pods.gracefulShutdown();
    }

    /** One PDB per service selecting its pods, and every PDB selects something and allows one disruption. */
    public List<String> disruptionBudgets() {
        return wiring.disruptionBudgets();
    }

    /**
     * Ingress is denied by default; only the gateway's HTTP port is open to any source; other pods admit
     * pods of the namespace, and the monitoring namespace on their management port.
     */
    public List<String> networkPolicies() {
        return exposure.networkPolicies();
    }

    /**
     * The services' ConfigMaps agree with their ports, and name the Services they talk to: {@code redis},
     * {@code postgres} and, for the gateway, each backend's Service and port.
     */
    public List<String> serviceConfiguration() {
        return wiring.serviceConfiguration();
    }
}
