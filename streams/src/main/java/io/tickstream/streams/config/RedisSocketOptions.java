package io.tickstream.streams.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;

import java.time.Duration;

/**
 * Puts {@link RedisSocketProperties} (TCP keepalive, {@code TCP_USER_TIMEOUT}) on the service's Lettuce client.
 * Spring Boot sets the socket options only for the connect timeout, and a customizer replaces them whole: the
 * connect timeout is carried over.
 */
final class RedisSocketOptions implements LettuceClientOptionsBuilderCustomizer {

    private final RedisSocketProperties properties;
    private final Duration connectTimeout;

    /** @param connectTimeout {@code spring.data.redis.connect-timeout}; null for Lettuce's default (10 s) */
    RedisSocketOptions(RedisSocketProperties properties, Duration connectTimeout) {
        this.properties = properties;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void customize(ClientOptions.Builder options) {
        options.socketOptions(socketOptions());
    }

    SocketOptions socketOptions() {
        SocketOptions.Builder socket = SocketOptions.builder()
                .keepAlive(SocketOptions.KeepAliveOptions.builder().enable(properties.keepAlive())
                        .idle(properties.keepAliveIdle()).interval(properties.keepAliveInterval())
                        .count(properties.keepAliveCount()).build());
        if (!properties.tcpUserTimeout().isZero()) {
            socket.tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder().enable()
                    .tcpUserTimeout(properties.tcpUserTimeout()).build());
        }
        if (connectTimeout != null) {
            socket.connectTimeout(connectTimeout);
        }
        return socket.build();
    }
}
