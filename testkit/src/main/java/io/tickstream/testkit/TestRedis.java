package io.tickstream.testkit;

import com.redis.testcontainers.RedisContainer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The Redis server tests use, resolved once per JVM:
 * <ol>
 *   <li>{@code TICKSTREAM_TEST_REDIS_HOST} / {@code TICKSTREAM_TEST_REDIS_PORT} (default
 *       {@code 127.0.0.1:6379}) when a server answers PING there (CI and the project's machines);</li>
 *   <li>else a Testcontainers Redis when a Docker engine exists;</li>
 *   <li>else an {@link IllegalStateException} that says how to start one. Tests never skip silently.</li>
 * </ol>
 * Tests must isolate their own keys ({@link TestKeys}); nothing here flushes the server.
 */
public final class TestRedis {

    private static Endpoint endpoint;

    private TestRedis() {
    }

    /** The endpoint, starting a container if that is the way. */
    public static synchronized Endpoint endpoint() {
        if (endpoint == null) {
            endpoint = resolve();
        }
        return endpoint;
    }

    /** Registers {@code spring.data.redis.host/port} for a Spring test. */
    public static void register(DynamicPropertyRegistry registry) {
        Endpoint redis = endpoint();
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", redis::port);
    }

    private static Endpoint resolve() {
        String host = env("TICKSTREAM_TEST_REDIS_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("TICKSTREAM_TEST_REDIS_PORT", "6379"));
        if (Reachability.redisAnswers(host, port)) {
            return new Endpoint(host, port, "environment");
        }
        if (Reachability.dockerAvailable()) {
            RedisContainer container = new RedisContainer(RedisContainer.DEFAULT_IMAGE_NAME.withTag("7.4"));
            container.start();
            return new Endpoint(container.getHost(), container.getFirstMappedPort(), "testcontainers");
        }
        throw new IllegalStateException("""
                Redis is not reachable at %s:%d and no Docker engine is available for Testcontainers.
                Start a local Redis 7, e.g.:
                  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
                (Debian: apt-get install redis-server), or point the tests at one with
                TICKSTREAM_TEST_REDIS_HOST and TICKSTREAM_TEST_REDIS_PORT.""".formatted(host, port));
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
