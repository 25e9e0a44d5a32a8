package io.tickstream.streams.config;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.trace.EntrySpans;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.tickstream.common.stream.Partitions;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The streams layer in a Spring Boot service: {@link RedisConnections} on the Lettuce client Spring Boot
 * built from {@code spring.data.redis.*} (so standalone, {@code sentinel.*}, {@code cluster.*} with its
 * topology refresh, TLS and ACL settings apply to the stream loops exactly as to everything else), and
 * {@link EntrySpans} on the service's tracer (no-op spans when tracing is absent), and the
 * {@link Partitions} of the quote stream from {@link StreamLayoutProperties}, and the client's TCP keepalive and
 * {@code TCP_USER_TIMEOUT} from {@link RedisSocketProperties}.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass(LettuceConnectionFactory.class)
@EnableConfigurationProperties({StreamLayoutProperties.class, RedisSocketProperties.class})
public class StreamsAutoConfiguration {

    /** The partitions of the quote stream ({@code tickstream.streams.partitions}). */
    @Bean
    @ConditionalOnMissingBean
    Partitions streamPartitions(StreamLayoutProperties layout) {
        return layout.layout();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(LettuceConnectionFactory.class)
    RedisConnections redisConnections(LettuceConnectionFactory factory) {
        return RedisConnections.on(factory::getRequiredNativeClient);
    }

    /**
     * TCP keepalive and {@code TCP_USER_TIMEOUT} on the service's Lettuce client ({@link RedisSocketProperties}), so
     * a Redis that went silent without closing is dropped and reconnected, not waited on for hours.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer redisSocketOptions(RedisSocketProperties socket,
                                                             ObjectProvider<DataRedisProperties> redis) {
        DataRedisProperties properties = redis.getIfAvailable();
        return new RedisSocketOptions(socket, properties == null ? null : properties.getConnectTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    EntrySpans entrySpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new EntrySpans(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
