package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tickstream.deploy.Durations;
import io.tickstream.deploy.ServiceApplicationYaml;
import io.tickstream.deploy.ServiceFacts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The invariants every rendered overlay must hold, each rule returning its violations as
 * {@code Kind/name: what is wrong} (empty when the rule holds), so a test can show them all at once
 * and another test can prove each rule catches what it is for.
 */
public final class ManifestRules {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    static final String DRAIN_ENV = "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE";
    static final String BACKUP_LAG_METRIC = "tickstream_backup_lag";
    static final String MONITORING_NAMESPACE = "monitoring";

    /** Names of settings that carry secrets: such a setting must come from a Secret, never a literal. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|APIKEY|API_KEY|TOKEN|CREDENTIAL|PRIVATE).*");
    /** Values that look like keys or passwords: long runs of base64/hex with letters and digits. */
    private static final Pattern SECRET_VALUE = Pattern.compile("^(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9+/=_\\-]{24,}$");

    private final List<HasMetadata> objects;
    private final List<Workload> workloads;

    public ManifestRules(List<HasMetadata> objects) {
        this.objects = objects;
        this.workloads = Workload.in(objects);
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
        List<String> v = new ArrayList<>();
        for (Workload w : workloads) {
            for (Container c : containers(w)) {
                if (c.getLivenessProbe() == null || c.getReadinessProbe() == null) {
                    v.add(id(w) + ": container " + c.getName() + " lacks a liveness or readiness probe");
                    continue;
                }
                ServiceFacts.find(w.name()).filter(f -> w.object() instanceof Deployment).ifPresent(f -> {
                    expectHttpProbe(v, w, c, c.getLivenessProbe(), LIVENESS, f.managementPort());
                    expectHttpProbe(v, w, c, c.getReadinessProbe(), READINESS, f.managementPort());
                    if (c.getStartupProbe() != null) {
                        expectHttpProbe(v, w, c, c.getStartupProbe(), LIVENESS, f.managementPort());
                    }
                });
            }
        }
        return v;
    }

    /** CPU and memory requests and limits on every container, requests not above limits. */
    public List<String> resources() {
        List<String> v = new ArrayList<>();
        for (Workload w : workloads) {
            for (Container c : containers(w)) {
                ResourceRequirements r = c.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = r == null || r.getRequests() == null ? null : r.getRequests().get(resource);
                    Quantity limit = r == null || r.getLimits() == null ? null : r.getLimits().get(resource);
                    if (request == null || limit == null) {
                        v.add(id(w) + ": container " + c.getName() + " lacks a " + resource + " request or limit");
                    } else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                        v.add(id(w) + ": container " + c.getName() + " requests more " + resource + " than its limit");
                    }
                }
            }
        }
        return v;
    }

    /** Every Service selects a workload's pods on ports they expose, or names an external endpoint. */
    public List<String> serviceSelectors() {
        List<String> v = new ArrayList<>();
        for (Service s : of(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                if (!"ExternalName".equals(s.getSpec().getType()) || blank(s.getSpec().getExternalName())) {
                    v.add(id(s) + ": no selector and no external name");
                }
                continue;
            }
            List<Workload> selected = workloads.stream().filter(w -> w.selectedBy(selector)).toList();
            if (selected.isEmpty()) {
                v.add(id(s) + ": selector " + selector + " matches no Deployment's or StatefulSet's pods");
            }
            for (Workload w : selected) {
                for (ServicePort port : s.getSpec().getPorts()) {
                    if (resolvePort(w, port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort()) == null) {
                        v.add(id(s) + ": target port " + port.getTargetPort() + " is not a port of " + id(w));
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
    public List<String> autoscalers() {
        List<String> v = new ArrayList<>();
        List<HorizontalPodAutoscaler> hpas = of(HorizontalPodAutoscaler.class);
        for (HorizontalPodAutoscaler h : hpas) {
            var ref = h.getSpec().getScaleTargetRef();
            Optional<Workload> target = workloads.stream()
                    .filter(w -> w.kind().equals(ref.getKind()) && w.name().equals(ref.getName())).findFirst();
            if (target.isEmpty()) {
                v.add(id(h) + ": target " + ref.getKind() + "/" + ref.getName() + " does not exist");
            } else if (target.get().object() instanceof Deployment d && d.getSpec().getReplicas() != null) {
                v.add(id(d) + ": sets replicas while an HPA scales it (each apply would reset the HPA's count)");
            }
            int min = Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1);
            if (min < 1 || h.getSpec().getMaxReplicas() < min) {
                v.add(id(h) + ": replicas " + min + ".." + h.getSpec().getMaxReplicas());
            }
            if (h.getSpec().getMetrics() == null || h.getSpec().getMetrics().isEmpty()) {
                v.add(id(h) + ": no metrics");
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
                        && BACKUP_LAG_METRIC.equals(m.getExternal().getMetric().getName()))) {
                    v.add(id(h.get()) + ": does not scale on the external metric " + BACKUP_LAG_METRIC);
                }
            } else if (metrics.stream().noneMatch(m -> "Resource".equals(m.getType()) && m.getResource() != null
                    && "cpu".equals(m.getResource().getName()))) {
                v.add(id(h.get()) + ": does not scale on CPU");
            }
        }
        return v;
    }

    /** Every image carries a tag other than latest, or a digest. */
    public List<String> pinnedImages() {
        List<String> v = new ArrayList<>();
        for (Workload w : workloads) {
            for (Container c : allContainers(w)) {
                if (!ImageRef.parse(c.getImage()).pinned()) {
                    v.add(id(w) + ": image " + c.getImage() + " is not pinned to a tag or digest");
                }
            }
        }
        return v;
    }

    /**
     * No Secret objects, no secret-named setting with a literal value, no value that looks like a key; the
     * services' secret variables come from secretKeyRef.
     */
    public List<String> noPlainSecrets() {
        List<String> v = new ArrayList<>();
        for (Secret s : of(Secret.class)) {
            v.add(id(s) + ": Secrets are created out of band (deploy/README.md), never committed");
        }
        for (ConfigMap cm : of(ConfigMap.class)) {
            Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()).forEach((k, value) -> {
                if (SECRET_NAME.matcher(k).matches() || SECRET_VALUE.matcher(value).matches()) {
                    v.add(id(cm) + ": " + k + " looks like a secret in a ConfigMap");
                }
            });
        }
        for (Workload w : workloads) {
            for (Container c : allContainers(w)) {
                for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                    if (e.getValue() != null && (SECRET_NAME.matcher(e.getName()).matches()
                            || SECRET_VALUE.matcher(e.getValue()).matches())) {
                        v.add(id(w) + ": env " + e.getName() + " has a literal value that looks like a secret");
                    }
                }
                ServiceFacts.find(w.name()).ifPresent(f -> f.secretEnv().forEach(name -> {
                    Optional<EnvVar> e = env(c, name);
                    if (e.isEmpty() || e.get().getValueFrom() == null || e.get().getValueFrom().getSecretKeyRef() == null) {
                        v.add(id(w) + ": " + name + " is not taken from a Secret");
                    }
                }));
            }
        }
        return v;
    }

    /** Pods and containers run as a non-root user without privilege escalation. */
    public List<String> nonRoot() {
        List<String> v = new ArrayList<>();
        for (Workload w : workloads) {
            PodSecurityContext pod = w.template().getSpec().getSecurityContext();
            if (pod == null || !Boolean.TRUE.equals(pod.getRunAsNonRoot()) || Long.valueOf(0).equals(pod.getRunAsUser())) {
                v.add(id(w) + ": pod securityContext does not require a non-root user");
            }
            for (Container c : allContainers(w)) {
                SecurityContext sc = c.getSecurityContext();
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()) || Boolean.TRUE.equals(sc.getPrivileged())
                        || Long.valueOf(0).equals(sc.getRunAsUser()) || Boolean.FALSE.equals(sc.getRunAsNonRoot())) {
                    v.add(id(w) + ": container " + c.getName() + " may run as root or escalate privileges");
                }
            }
        }
        return v;
    }

    /**
     * Each service: a preStop sleep (endpoints are removed before the drain starts), a drain set in its
     * ConfigMap no shorter than its application.yml's, and a termination grace period longer than both.
     */
    public List<String> gracefulShutdown() {
        List<String> v = new ArrayList<>();
        for (Workload w : workloads) {
            Optional<ServiceFacts> facts = ServiceFacts.find(w.name());
            if (facts.isEmpty() || !(w.object() instanceof Deployment)) {
                continue;
            }
            Container c = containers(w).getFirst();
            long preStop = preStopSleepSeconds(c);
            if (preStop <= 0) {
                v.add(id(w) + ": no preStop sleep");
            }
            Optional<String> drainText = configValue(c, DRAIN_ENV);
            if (drainText.isEmpty()) {
                v.add(id(w) + ": " + DRAIN_ENV + " is not set in its ConfigMap");
                continue;
            }
            long drain = Durations.parse(drainText.get()).toSeconds();
            ServiceApplicationYaml.of(w.name()).ifPresent(app -> {
                if (drain < app.shutdownPhaseTimeout().toSeconds()) {
                    v.add(id(w) + ": drain " + drain + " s is shorter than the service's own " + app.shutdownPhaseTimeout());
                }
            });
            long grace = Objects.requireNonNullElse(w.template().getSpec().getTerminationGracePeriodSeconds(), 30L);
            if (grace <= preStop + drain) {
                v.add(id(w) + ": termination grace " + grace + " s is not longer than preStop " + preStop + " s + drain " + drain + " s");
            }
        }
        return v;
    }

    /** One PDB per service selecting its pods, and every PDB selects something and allows one disruption. */
    public List<String> disruptionBudgets() {
        List<String> v = new ArrayList<>();
        List<PodDisruptionBudget> pdbs = of(PodDisruptionBudget.class);
        for (PodDisruptionBudget p : pdbs) {
            var selector = p.getSpec().getSelector();
            if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()
                    || workloads.stream().noneMatch(w -> w.selectedBy(selector.getMatchLabels()))) {
                v.add(id(p) + ": selector matches no workload's pods");
            }
            if (p.getSpec().getMaxUnavailable() == null) {
                v.add(id(p) + ": use maxUnavailable (minAvailable blocks every drain of a single replica)");
            } else if (p.getSpec().getMaxUnavailable().getIntVal() != null && p.getSpec().getMaxUnavailable().getIntVal() < 1) {
                v.add(id(p) + ": maxUnavailable below 1 blocks every node drain");
            }
        }
        for (ServiceFacts f : ServiceFacts.ALL) {
            Optional<Workload> w = workloads.stream().filter(x -> x.name().equals(f.name())).findFirst();
            if (w.isPresent() && pdbs.stream().filter(p -> w.get().selectedBy(p.getSpec().getSelector().getMatchLabels())).count() != 1) {
                v.add(id(w.get()) + ": not covered by exactly one PodDisruptionBudget");
            }
        }
        return v;
    }

    /**
     * Ingress is denied by default; only the gateway's HTTP port is open to any source; other pods admit
     * pods of the namespace, and the monitoring namespace on their management port.
     */
    public List<String> networkPolicies() {
        List<String> v = new ArrayList<>();
        List<NetworkPolicy> policies = of(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> emptySelector(p)
                && p.getSpec().getPolicyTypes() != null && p.getSpec().getPolicyTypes().contains("Ingress")
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            v.add("NetworkPolicy: no default-deny ingress policy (empty podSelector, policyTypes [Ingress], no rules)");
        }
        boolean gatewayOpen = false;
        for (Workload w : workloads) {
            boolean gateway = w.name().equals(ServiceFacts.GATEWAY);
            Optional<ServiceFacts> facts = ServiceFacts.find(w.name());
            for (NetworkPolicy p : policies) {
                if (!w.selectedBy(p.getSpec().getPodSelector())) {
                    continue;
                }
                for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(p.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())) {
                    List<Integer> ports = Objects.requireNonNullElse(rule.getPorts(), List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort>of())
                            .stream().map(port -> resolvePort(w, port.getPort())).toList();
                    if (rule.getFrom() == null || rule.getFrom().isEmpty()
                            || rule.getFrom().stream().anyMatch(peer -> peer.getIpBlock() != null)) {
                        if (gateway && !ports.isEmpty() && ports.stream().allMatch(port -> Objects.equals(port, facts.get().port()))) {
                            gatewayOpen = true;
                        } else {
                            v.add(id(p) + ": opens " + id(w) + " ports " + ports + " to any source");
                        }
                        continue;
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        if (peer.getNamespaceSelector() != null) {
                            Map<String, String> ns = peer.getNamespaceSelector().getMatchLabels();
                            int management = facts.map(ServiceFacts::managementPort).orElse(-1);
                            if (ns == null || !MONITORING_NAMESPACE.equals(ns.get("kubernetes.io/metadata.name"))
                                    || (facts.isPresent() && ports.stream().filter(Objects::nonNull).anyMatch(port -> port != management))) {
                                v.add(id(p) + ": admits another namespace (" + ns + ") to " + id(w));
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
            boolean reachable = policies.stream().anyMatch(p -> workloads.stream().anyMatch(w -> w.name().equals(f.name())
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

    /**
     * The services' ConfigMaps agree with their ports, and name the Services they talk to: {@code redis},
     * {@code postgres} and, for the gateway, each backend's Service and port.
     */
    public List<String> serviceConfiguration() {
        List<String> v = new ArrayList<>();
        for (ServiceFacts f : ServiceFacts.ALL) {
            Optional<Workload> found = workloads.stream().filter(w -> w.name().equals(f.name())).findFirst();
            if (found.isEmpty()) {
                v.add("Deployment/" + f.name() + ": missing");
                continue;
            }
            Workload w = found.get();
            Container c = containers(w).getFirst();
            if (!Objects.equals(resolvePort(w, new IntOrString("http")), f.port())) {
                v.add(id(w) + ": container port 'http' is not " + f.port());
            }
            if (!configValue(c, "PORT").equals(Optional.of(Integer.toString(f.port())))) {
                v.add(id(w) + ": PORT is not " + f.port());
            }
            if (f.managementPort() != f.port() && !configValue(c, "MANAGEMENT_PORT").equals(Optional.of(Integer.toString(f.managementPort())))) {
                v.add(id(w) + ": MANAGEMENT_PORT is not " + f.managementPort());
            }
            expectService(v, w, c, "REDIS_HOST", "REDIS_PORT");
            if (f.postgres()) {
                expectService(v, w, c, "POSTGRES_HOST", "POSTGRES_PORT");
            }
            for (String uriVar : f.extraEnv().stream().filter(n -> n.endsWith("_URI")).toList()) {
                configValue(c, uriVar).ifPresentOrElse(value -> {
                    URI uri = URI.create(value);
                    if (!serviceExposes(uri.getHost(), uri.getPort())) {
                        v.add(id(w) + ": " + uriVar + "=" + value + " is no Service port of this overlay");
                    }
                }, () -> v.add(id(w) + ": " + uriVar + " is not set"));
            }
        }
        return v;
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private void expectService(List<String> v, Workload w, Container c, String hostVar, String portVar) {
        Optional<String> host = configValue(c, hostVar);
        Optional<String> port = configValue(c, portVar);
        if (host.isEmpty() || port.isEmpty() || !serviceExposes(host.get(), Integer.parseInt(port.get()))) {
            v.add(id(w) + ": " + hostVar + ":" + portVar + " " + host.orElse("?") + ":" + port.orElse("?")
                    + " is no Service of this overlay");
        }
    }

    private boolean serviceExposes(String name, int port) {
        return of(Service.class).stream().anyMatch(s -> s.getMetadata().getName().equals(name)
                && s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port));
    }

    /** A variable as the container sees it: its env entry, else the ConfigMaps of its envFrom. */
    private Optional<String> configValue(Container c, String name) {
        Optional<EnvVar> e = env(c, name);
        if (e.isPresent() && e.get().getValue() != null) {
            return Optional.of(e.get().getValue());
        }
        for (var from : Objects.requireNonNullElse(c.getEnvFrom(), List.<io.fabric8.kubernetes.api.model.EnvFromSource>of())) {
            if (from.getConfigMapRef() == null) {
                continue;
            }
            Optional<String> value = of(ConfigMap.class).stream()
                    .filter(cm -> cm.getMetadata().getName().equals(from.getConfigMapRef().getName()))
                    .map(cm -> Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()).get(name))
                    .filter(Objects::nonNull).findFirst();
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private static Optional<EnvVar> env(Container c, String name) {
        return Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream().filter(e -> e.getName().equals(name)).findFirst();
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
                || !Objects.equals(resolvePort(w, probe.getHttpGet().getPort()), port)) {
            v.add(id(w) + ": container " + c.getName() + " probe is not GET " + path + " on port " + port);
        }
    }

    /** A port number or a container port's name, as a number; null when the pod has no such port. */
    private static Integer resolvePort(Workload w, IntOrString port) {
        if (port == null) {
            return null;
        }
        List<ContainerPort> ports = containers(w).stream()
                .flatMap(c -> Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of()).stream()).toList();
        if (port.getIntVal() != null) {
            return ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal())) ? port.getIntVal() : null;
        }
        return ports.stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(null);
    }

    private static boolean emptySelector(NetworkPolicy p) {
        var s = p.getSpec().getPodSelector();
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }

    private static List<Container> containers(Workload w) {
        return w.template().getSpec().getContainers();
    }

    private static List<Container> allContainers(Workload w) {
        List<Container> all = new ArrayList<>(containers(w));
        all.addAll(Objects.requireNonNullElse(w.template().getSpec().getInitContainers(), List.of()));
        return all;
    }

    <T extends HasMetadata> List<T> of(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String id(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }

    private static String id(Workload w) {
        return id(w.object());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
