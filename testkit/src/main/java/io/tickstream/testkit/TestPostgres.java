package io.tickstream.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server tests use, resolved once per JVM:
 * <ol>
 *   <li>{@code TICKSTREAM_TEST_PG_HOST}, {@code _PORT}, {@code _DATABASE}, {@code _USER},
 *       {@code _PASSWORD} (defaults {@code 127.0.0.1}, {@code 5432}, {@code test}, {@code postgres},
 *       empty) when a server accepts connections there;</li>
 *   <li>else a Testcontainers PostgreSQL when a Docker engine exists;</li>
 *   <li>else an {@link IllegalStateException} that says how to start one.</li>
 * </ol>
 * Tests isolate their own schema or tables; see {@link TestKeys#unique(String)} for names.
 */
public final class TestPostgres {

    /**
     * Connection settings.
     *
     * @param endpoint host and port
     * @param database database name
     * @param user     user name
     * @param password password, possibly empty (trust auth)
     */
    public record Settings(Endpoint endpoint, String database, String user, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + database;
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + database;
        }
    }

    private static Settings settings;

    private TestPostgres() {
    }

    /** The settings, starting a container if that is the way. */
    public static synchronized Settings settings() {
        if (settings == null) {
            settings = resolve();
        }
        return settings;
    }

    /** Registers R2DBC and Flyway (JDBC) connection properties for a Spring test. */
    public static void register(DynamicPropertyRegistry registry) {
        Settings pg = settings();
        registry.add("spring.r2dbc.url", pg::r2dbcUrl);
        registry.add("spring.r2dbc.username", pg::user);
        registry.add("spring.r2dbc.password", pg::password);
        registry.add("spring.flyway.url", pg::jdbcUrl);
        registry.add("spring.flyway.user", pg::user);
        registry.add("spring.flyway.password", pg::password);
    }

    private static Settings resolve() {
        String host = TestRedis.env("TICKSTREAM_TEST_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(TestRedis.env("TICKSTREAM_TEST_PG_PORT", "5432"));
        if (Reachability.accepts(host, port)) {
            return new Settings(new Endpoint(host, port, "environment"),
                    TestRedis.env("TICKSTREAM_TEST_PG_DATABASE", "test"),
                    TestRedis.env("TICKSTREAM_TEST_PG_USER", "postgres"),
                    TestRedis.env("TICKSTREAM_TEST_PG_PASSWORD", ""));
        }
        if (Reachability.dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            return new Settings(new Endpoint(container.getHost(), container.getFirstMappedPort(), "testcontainers"),
                    container.getDatabaseName(), container.getUsername(), container.getPassword());
        }
        throw new IllegalStateException("""
                PostgreSQL is not reachable at %s:%d and no Docker engine is available for Testcontainers.
                Start a local PostgreSQL 15, e.g.:
                  pg_ctlcluster --skip-systemctl-redirect 15 main start
                (Debian: apt-get install postgresql), or point the tests at one with TICKSTREAM_TEST_PG_HOST,
                TICKSTREAM_TEST_PG_PORT, TICKSTREAM_TEST_PG_DATABASE, TICKSTREAM_TEST_PG_USER, TICKSTREAM_TEST_PG_PASSWORD."""
                .formatted(host, port));
    }
}
