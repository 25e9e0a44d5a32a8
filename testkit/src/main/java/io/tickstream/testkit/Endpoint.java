package io.tickstream.testkit;

/**
 * Where a test server listens.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param origin   how it was found: {@code environment} (a local server) or {@code testcontainers}
 */
public record Endpoint(String host, int port, String origin) {

    /** {@code redis://host:port}. */
    public String redisUri() {
        return "redis://" + host + ":" + port;
    }
}
