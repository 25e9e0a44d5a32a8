package io.tickstream.deploy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the deployment files must agree with about each service: its module, HTTP port, the port its
 * actuator answers on, whether it uses PostgreSQL, and the environment variables that carry secrets.
 * The services' own {@code application.yml} is checked against this too where the module is in the tree
 * (market-query-service and websocket-push-service are built on other branches).
 *
 * @param name           module, container, compose service and Kubernetes workload name
 * @param port           {@code server.port} ({@code PORT})
 * @param managementPort where {@code /actuator} answers ({@code MANAGEMENT_PORT}), a port of its own on every service
 * @param postgres       whether it connects to PostgreSQL ({@code POSTGRES_*})
 * @param secretEnv      environment variables holding secrets: referenced from Secrets, never written down
 * @param extraEnv       other environment variables of the service's own
 */
public record ServiceFacts(String name, int port, int managementPort, boolean postgres, Set<String> secretEnv,
                           Set<String> extraEnv) {

    public static final String GATEWAY = "gateway";
    public static final String INGEST = "market-ingest-service";
    public static final String BACKUP = "stream-backup-service";
    public static final String PUSH = "websocket-push-service";
    public static final String QUERY = "market-query-service";

    /** The suite's admin credentials ({@code tickstream.admin.*}): every service checks them on {@code /admin/**}. */
    public static final Set<String> ADMIN_SECRET_ENV = Set.of("TICKSTREAM_ADMIN_JWTSECRET", "TICKSTREAM_ADMIN_APIKEY");

    public static final List<ServiceFacts> ALL = List.of(
            new ServiceFacts(GATEWAY, 8080, 8090, false, ADMIN_SECRET_ENV,
                    Set.of("MANAGEMENT_PORT", "QUERY_URI", "PUSH_URI", "INGEST_URI", "BACKUP_URI",
                            "INGEST_MANAGEMENT_URI", "BACKUP_MANAGEMENT_URI", "PUSH_MANAGEMENT_URI", "QUERY_MANAGEMENT_URI",
                            "TICKSTREAM_GATEWAY_TRUSTED_PROXIES")),
            new ServiceFacts(INGEST, 8081, 9081, false, with(ADMIN_SECRET_ENV, "COINGECKO_API_KEY"), Set.of("SPRING_PROFILES_ACTIVE")),
            new ServiceFacts(BACKUP, 8082, 9082, true, with(ADMIN_SECRET_ENV, "POSTGRES_PASSWORD"), Set.of()),
            new ServiceFacts(PUSH, 8083, 9083, false, ADMIN_SECRET_ENV,
                    Set.of("TICKSTREAM_PUSH_SESSION_TRUSTEDPROXYHOPS", "TICKSTREAM_PUSH_SESSION_TRUSTEDPROXIES",
                            "TICKSTREAM_PUSH_SESSION_ALLOWEDORIGINS", "TICKSTREAM_PUSH_AUTH_MODE", "TICKSTREAM_PUSH_AUTH_SECRET",
                            "TICKSTREAM_PUSH_AUTH_ISSUER", "TICKSTREAM_PUSH_AUTH_JWKSURI")),
            new ServiceFacts(QUERY, 8084, 9084, true, with(ADMIN_SECRET_ENV, "POSTGRES_PASSWORD"), Set.of()));

    private static Set<String> with(Set<String> set, String more) {
        java.util.Set<String> all = new java.util.TreeSet<>(set);
        all.add(more);
        return Set.copyOf(all);
    }

    /** Set on every service: Redis, the port, the drain, tracing export and sampling. */
    public static final Set<String> COMMON_ENV = Set.of("REDIS_HOST", "REDIS_PORT", "PORT", "SPRING_PROFILES_ACTIVE",
            "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "MANAGEMENT_TRACING_EXPORT_ENABLED",
            "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
            "JAVA_TOOL_OPTIONS");

    public static final Set<String> POSTGRES_ENV = Set.of("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER",
            "POSTGRES_PASSWORD");

    public static ServiceFacts of(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("not a Tickstream service: " + name));
    }

    public static Optional<ServiceFacts> find(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    /** Every environment variable the service reads, as far as the deployment files are concerned. */
    public Set<String> knownEnv() {
        java.util.Set<String> all = new java.util.TreeSet<>(COMMON_ENV);
        all.addAll(secretEnv);
        all.addAll(extraEnv);
        if (postgres) {
            all.addAll(POSTGRES_ENV);
        }
        if (managementPort != port) {
            all.add("MANAGEMENT_PORT");
        }
        return all;
    }
}
