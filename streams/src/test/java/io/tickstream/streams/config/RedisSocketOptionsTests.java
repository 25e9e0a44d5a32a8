package io.tickstream.streams.config;

import io.lettuce.core.SocketOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's Lettuce client notices a silent Redis by itself: TCP keepalive and {@code TCP_USER_TIMEOUT} from
 * {@code tickstream.streams.redis-socket.*} (defaults 15 s / 5 s / 3 probes, 20 s), with Spring's connect timeout kept.
 */
class RedisSocketOptionsTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, StreamsAutoConfiguration.class));

    @Test
    void theDefaultsTurnKeepaliveAndTheUserTimeoutOnAndKeepTheConnectTimeout() {
        contexts.withPropertyValues("spring.data.redis.connect-timeout=2s").run(context -> {
            SocketOptions socket = socketOptions(context.getBean(LettuceConnectionFactory.class));
            assertThat(socket.getKeepAlive().isEnabled()).isTrue();
            assertThat(socket.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(15));
            assertThat(socket.getKeepAlive().getInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(socket.getKeepAlive().getCount()).isEqualTo(3);
            assertThat(socket.getTcpUserTimeout().isEnabled()).isTrue();
            assertThat(socket.getTcpUserTimeout().getTcpUserTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(socket.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void everyBoundIsConfigurableAndAZeroUserTimeoutTurnsItOff() {
        contexts.withPropertyValues("tickstream.streams.redis-socket.keep-alive-idle=30s",
                "tickstream.streams.redis-socket.keep-alive-interval=10s", "tickstream.streams.redis-socket.keep-alive-count=5",
                "tickstream.streams.redis-socket.tcp-user-timeout=0s").run(context -> {
            SocketOptions socket = socketOptions(context.getBean(LettuceConnectionFactory.class));
            assertThat(socket.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(30));
            assertThat(socket.getKeepAlive().getInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(socket.getKeepAlive().getCount()).isEqualTo(5);
            assertThat(socket.getTcpUserTimeout().isEnabled()).isFalse();
            assertThat(context.getBean(RedisSocketProperties.class).idleDeadAfter()).isEqualTo(Duration.ofSeconds(80));
        });
    }

    @Test
    void aNonsensicalBoundStopsTheServiceAtStart() {
        contexts.withPropertyValues("tickstream.streams.redis-socket.keep-alive-count=0")
                .run(context -> assertThat(context).hasFailed());
    }

    private static SocketOptions socketOptions(LettuceConnectionFactory factory) {
        return factory.getClientConfiguration().getClientOptions().orElseThrow().getSocketOptions();
    }
}
