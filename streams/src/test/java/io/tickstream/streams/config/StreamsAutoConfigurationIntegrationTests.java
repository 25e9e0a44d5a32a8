package io.tickstream.streams.config;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamsFixtures;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.group.BatchOutcome;
import io.tickstream.streams.group.GroupConsumer;
import io.tickstream.streams.group.GroupOptions;
import io.tickstream.streams.trace.EntrySpans;
import io.tickstream.testkit.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The layer in a Spring Boot context takes its Redis from {@code spring.data.redis.*} like everything
 * else: here a server whose only user is an ACL user with a password, so nothing works unless the
 * layer's connections carry the configured user name and password.
 */
class StreamsAutoConfigurationIntegrationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, StreamsAutoConfiguration.class));

    @Test
    void theGroupConsumerRunsOnTheConfiguredServerWithTheConfiguredAclUser() {
        try (PrivateRedis server = PrivateRedis.ephemeral("--user", "default", "off",
                "--user", "tick", "on", ">s3cret", "~*", "&*", "+@all")) {
            contexts.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + server.port(),
                    "spring.data.redis.username=tick", "spring.data.redis.password=s3cret").run(context -> {
                assertThat(context).hasSingleBean(RedisConnections.class).hasSingleBean(EntrySpans.class);
                RedisConnections connections = context.getBean(RedisConnections.class);
                assertThat(connections.cluster()).isFalse();
                List<String> handled = new CopyOnWriteArrayList<>();
                GroupConsumer consumer = new GroupConsumer(connections,
                        GroupOptions.builder("g", "c", List.of("s")).block(Duration.ofMillis(100)).build(),
                        (stream, entries) -> {
                            entries.forEach(e -> handled.add(e.id()));
                            return Mono.just(BatchOutcome.allDone(entries.stream().map(StreamEntry::id).toList()));
                        }, new SimpleMeterRegistry());
                consumer.start();
                try {
                    RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                            .withAuthentication("tick", "s3cret").build();
                    RedisClient client = RedisClient.create(uri);
                    try (var connection = client.connect()) {
                        for (int i = 0; i < 5; i++) {
                            connection.sync().xadd("s", io.tickstream.common.stream.StreamEntryCodec.encode(StreamsFixtures.quote(i)));
                        }
                        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 5);
                        assertThat(connection.sync().xpending("s", "g").getCount()).isZero();
                    } finally {
                        client.shutdown();
                    }
                } finally {
                    consumer.kill();
                }
            });
        }
    }
}
