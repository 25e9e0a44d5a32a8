package io.tickstream.ingest;

import io.tickstream.testkit.Endpoint;
import io.tickstream.testkit.TestRedis;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** A reactive template on the test Redis, without a Spring context; close it after the test. */
public final class RedisTemplates implements AutoCloseable {

    private final LettuceConnectionFactory factory;
    private final ReactiveStringRedisTemplate template;

    public RedisTemplates() {
        Endpoint redis = TestRedis.endpoint();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
        factory.afterPropertiesSet();
        factory.start();
        template = new ReactiveStringRedisTemplate(factory);
    }

    public LettuceConnectionFactory factory() {
        return factory;
    }

    public ReactiveStringRedisTemplate template() {
        return template;
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
