package io.tickstream.deploy.metrics;

import io.tickstream.deploy.RepositoryFiles;
import io.tickstream.deploy.ServiceFacts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Prometheus series names the five services export under {@code tickstream_}, each mapped to the
 * module that declares it. A module in this tree is scanned ({@link MeterScanner}); a module still being
 * built on another branch (market-query-service, websocket-push-service) is described by
 * {@code unmerged-module-meters.txt}, copied from that branch's meter declarations, and is scanned
 * instead as soon as its sources are merged here (the file's lines for it are then ignored).
 */
public final class ExportedMetrics {

    static final String UNMERGED = "/unmerged-module-meters.txt";

    /** Series every Spring Boot service exports with Actuator and the Prometheus registry, used by dashboards. */
    public static final Set<String> SPRING_BOOT_SERIES = Set.of("up", "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum", "http_server_requests_seconds_max", "process_cpu_usage",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes");

    private final Map<String, MeterDeclaration> byPrometheusName;

    private ExportedMetrics(List<MeterDeclaration> meters) {
        Map<String, MeterDeclaration> map = new TreeMap<>();
        meters.forEach(m -> m.prometheusNames().forEach(n -> map.put(n, m)));
        this.byPrometheusName = map;
    }

    public static ExportedMetrics ofServices() {
        List<MeterDeclaration> all = new ArrayList<>();
        List<MeterDeclaration> unmerged = unmerged();
        for (ServiceFacts service : ServiceFacts.ALL) {
            Path main = RepositoryFiles.path(service.name() + "/src/main/java");
            List<MeterDeclaration> found = Files.isDirectory(main)
                    ? MeterScanner.scan(service.name(), main)
                    : unmerged.stream().filter(m -> m.module().equals(service.name())).toList();
            if (found.isEmpty()) {
                throw new IllegalStateException(service.name() + ": no tickstream meters found (sources absent and not in "
                        + UNMERGED + ")");
            }
            all.addAll(found);
        }
        return new ExportedMetrics(all);
    }

    public Map<String, MeterDeclaration> byPrometheusName() {
        return byPrometheusName;
    }

    public boolean exports(String series) {
        return byPrometheusName.containsKey(series) || SPRING_BOOT_SERIES.contains(series);
    }

    /** Lines {@code <module> <counter|gauge|timer|summary> <micrometer.name> [unit=<u>] [histogram]}; # comments. */
    static List<MeterDeclaration> unmerged() {
        try (var in = ExportedMetrics.class.getResourceAsStream(UNMERGED)) {
            if (in == null) {
                return List.of();
            }
            List<MeterDeclaration> list = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+");
                String unit = null;
                boolean histogram = false;
                for (int i = 3; i < f.length; i++) {
                    if (f[i].startsWith("unit=")) {
                        unit = f[i].substring(5);
                    } else if (f[i].equals("histogram")) {
                        histogram = true;
                    } else {
                        throw new IllegalArgumentException(UNMERGED + ": unknown attribute " + f[i]);
                    }
                }
                list.add(new MeterDeclaration(f[0], MeterDeclaration.Type.valueOf(f[1].toUpperCase()), f[2], unit, histogram));
            }
            return list;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
