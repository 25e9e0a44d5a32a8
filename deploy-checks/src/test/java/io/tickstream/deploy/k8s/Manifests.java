package io.tickstream.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The rendered objects of one overlay, and the lookups the rules share: by type, by workload, a container's settings. */
final class Manifests {

    final List<HasMetadata> objects;
    final List<Workload> workloads;

    Manifests(List<HasMetadata> objects) {
        this.objects = objects;
        this.workloads = Workload.in(objects);
    }

    <T extends HasMetadata> List<T> of(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    boolean serviceExposes(String name, int port) {
        return of(Service.class).stream().anyMatch(s -> s.getMetadata().getName().equals(name)
                && s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port));
    }

    /** A variable as the container sees it: its env entry, else the ConfigMaps of its envFrom. */
    Optional<String> configValue(Container c, String name) {
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

    static Optional<EnvVar> env(Container c, String name) {
        return Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** A port number or a container port's name, as a number; null when the pod has no such port. */
    static Integer resolvePort(Workload w, IntOrString port) {
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

    static List<Container> containers(Workload w) {
        return w.template().getSpec().getContainers();
    }

    static List<Container> allContainers(Workload w) {
        List<Container> all = new ArrayList<>(containers(w));
        all.addAll(Objects.requireNonNullElse(w.template().getSpec().getInitContainers(), List.of()));
        return all;
    }

    static String id(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }

    static String id(Workload w) {
        return id(w.object());
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
