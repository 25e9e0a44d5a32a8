package io.tickstream.ingest;

import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.testkit.Endpoint;
import io.tickstream.testkit.TestRedis;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** A reactive template on the test Redis, without a Spring context; close it after the test. */
public final class RedisTemplates implements AutoCloseable {

    private final LettuceConnectionFactory factory;
    private final ReactiveStringRedisTemplate template;
    private final RedisConnections connections;

    public RedisTemplates() {
        Endpoint redis = TestRedis.endpoint();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
        factory.afterPropertiesSet();
        factory.start();
        template = new ReactiveStringRedisTemplate(factory);
        connections = RedisConnections.on(factory::getRequiredNativeClient);
    }

    /** The streams layer's connections on the same client. */
    public RedisConnections connections() {
        return connections;
    }

    public LettuceConnectionFactory factory() {
        return factory;
    }

    public ReactiveStringRedisTemplate template() {
        return template;
    }

    @Override
    public void close() {
        connections.close();
        factory.destroy();
    }
}
