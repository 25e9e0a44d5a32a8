package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.tickstream.deploy.ServiceFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules on what is exposed: no plain-text secrets, NetworkPolicies admitting outside traffic to the gateway only.
 */
final class ExposureRules {

    /** Names of settings that carry secrets: such a setting must come from a Secret, never a literal. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|APIKEY|API_KEY|TOKEN|CREDENTIAL|PRIVATE).*");
    /** Values that look like keys or passwords: long runs of base64/hex with letters and digits. */
    private static final Pattern SECRET_VALUE = Pattern.compile("^(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9+/=_\\-]{24,}$");

    private final Manifests m;

    ExposureRules(Manifests manifests) {
        this.m = manifests;
    }

    /**
     * No Secret objects, no secret-named setting with a literal value, no value that looks like a key; the
     * services' secret variables come from secretKeyRef.
     */
    List<String> noPlainSecrets() {
        List<String> v = new ArrayList<>();
        for (Secret s : m.of(Secret.class)) {
            v.add(Manifests.id(s) + ": Secrets are created out of band (deploy/README.md), never committed");
        }
        for (ConfigMap cm : m.of(ConfigMap.class)) {
            Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()).forEach((k, value) -> {
                if (SECRET_NAME.matcher(k).matches() || SECRET_VALUE.matcher(value).matches()) {
                    v.add(Manifests.id(cm) + ": " + k + " looks like a secret in a ConfigMap");
                }
            });
        }
        for (Workload w : m.workloads) {
            for (Container c : Manifests.allContainers(w)) {
                for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                    if (e.getValue() != null && (SECRET_NAME.matcher(e.getName()).matches()
                            || SECRET_VALUE.matcher(e.getValue()).matches())) {
                        v.add(Manifests.id(w) + ": env " + e.getName() + " has a literal value that looks like a secret");
                    }
                }
                ServiceFacts.find(w.name()).ifPresent(f -> f.secretEnv().forEach(name -> {
                    Optional<EnvVar> e = Manifests.env(c, name);
                    if (e.isEmpty() || e.get().getValueFrom() == null || e.get().getValueFrom().getSecretKeyRef() == null) {
                        v.add(Manifests.id(w) + ": " + name + " is not taken from a Secret");
                    }
                }));
            }
        }
        return v;
    }

    /**
     * Ingress is denied by default; only the gateway's HTTP port is open to any source; other pods admit
     * pods of the namespace, and the monitoring namespace on their management port.
     */
    List<String> networkPolicies() {
        List<String> v = new ArrayList<>();
        List<NetworkPolicy> policies = m.of(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> emptySelector(p)
                && p.getSpec().getPolicyTypes() != null && p.getSpec().getPolicyTypes().contains("Ingress")
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            v.add("NetworkPolicy: no default-deny ingress policy (empty podSelector, policyTypes [Ingress], no rules)");
        }
        boolean gatewayOpen = false;
        for (Workload w : m.workloads) {
            boolean gateway = w.name().equals(ServiceFacts.GATEWAY);
            Optional<ServiceFacts> facts = ServiceFacts.find(w.name());
            for (NetworkPolicy p : policies) {
                if (!w.selectedBy(p.getSpec().getPodSelector())) {
                    continue;
                }
                for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(p.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())) {
                    List<Integer> ports = Objects.requireNonNullElse(rule.getPorts(), List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort>of())
                            .stream().map(port -> Manifests.resolvePort(w, port.getPort())).toList();
                    if (rule.getFrom() == null || rule.getFrom().isEmpty()
                            || rule.getFrom().stream().anyMatch(peer -> peer.getIpBlock() != null)) {
                        if (gateway && !ports.isEmpty() && ports.stream().allMatch(port -> Objects.equals(port, facts.get().port()))) {
                            gatewayOpen = true;
                        } else {
                            v.add(Manifests.id(p) + ": opens " + Manifests.id(w) + " ports " + ports + " to any source");
                        }
                        continue;
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        if (peer.getNamespaceSelector() != null) {
                            Map<String, String> ns = peer.getNamespaceSelector().getMatchLabels();
                            int management = facts.map(ServiceFacts::managementPort).orElse(-1);
                            if (ns == null || !ManifestRules.MONITORING_NAMESPACE.equals(ns.get("kubernetes.io/metadata.name"))
                                    || (facts.isPresent() && ports.stream().filter(Objects::nonNull).anyMatch(port -> port != management))) {
                                v.add(Manifests.id(p) + ": admits another namespace (" + ns + ") to " + Manifests.id(w));
                            }
                        }
                    }
                }
            }
        }
        if (!gatewayOpen) {
            v.add("NetworkPolicy: nothing lets outside traffic reach the gateway's HTTP port");
        }
        for (ServiceFacts f : ServiceFacts.ALL) {
            if (f.name().equals(ServiceFacts.GATEWAY)) {
                continue;
            }
            boolean reachable = policies.stream().anyMatch(p -> m.workloads.stream().anyMatch(w -> w.name().equals(f.name())
                    && w.selectedBy(p.getSpec().getPodSelector()))
                    && Objects.requireNonNullElse(p.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of()).stream().anyMatch(r ->
                    r.getFrom() != null && r.getFrom().stream().anyMatch(peer -> peer.getPodSelector() != null
                            && ServiceFacts.GATEWAY.equals(Objects.requireNonNullElse(peer.getPodSelector().getMatchLabels(), Map.<String, String>of())
                            .get("app.kubernetes.io/name")))));
            if (!reachable) {
                v.add("Deployment/" + f.name() + ": the gateway cannot reach it (no ingress rule from the gateway's pods)");
            }
        }
        return v;
    }

    private static boolean emptySelector(NetworkPolicy p) {
        var s = p.getSpec().getPodSelector();
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }
}
