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
 * module that declares it, found by scanning each service's sources ({@link MeterScanner}).
 */
public final class ExportedMetrics {

    /** Series every Spring Boot service exports with Actuator and the Prometheus registry, used by dashboards. */
    public static final Set<String> SPRING_BOOT_SERIES = Set.of("up", "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum", "http_server_requests_seconds_max", "process_cpu_usage",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes");

    /**
     * Series of redis_exporter (oliver006/redis_exporter, the observability profile's Redis scrape) the
     * alert rules use: Redis is not a Tickstream service, so its memory comes from the exporter.
     */
    public static final Set<String> REDIS_EXPORTER_SERIES = Set.of("redis_memory_used_bytes", "redis_memory_max_bytes");

    private final Map<String, MeterDeclaration> byPrometheusName;

    private ExportedMetrics(List<MeterDeclaration> meters) {
        Map<String, MeterDeclaration> map = new TreeMap<>();
        meters.forEach(m -> m.prometheusNames().forEach(n -> map.put(n, m)));
        this.byPrometheusName = map;
    }

    public static ExportedMetrics ofServices() {
        List<MeterDeclaration> all = new ArrayList<>();
        for (ServiceFacts service : ServiceFacts.ALL) {
            Path main = RepositoryFiles.path(service.name() + "/src/main/java");
            List<MeterDeclaration> found = Files.isDirectory(main) ? MeterScanner.scan(service.name(), main) : List.of();
            if (found.isEmpty()) {
                throw new IllegalStateException(service.name() + ": no tickstream meters found under " + main);
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

    /** {@link #exports}, or a series of redis_exporter's ({@link #REDIS_EXPORTER_SERIES}). */
    public boolean exportsOrRedisExporter(String series) {
        return exports(series) || REDIS_EXPORTER_SERIES.contains(series);
    }
}
