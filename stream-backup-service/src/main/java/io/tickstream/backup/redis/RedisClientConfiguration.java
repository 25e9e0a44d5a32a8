package io.tickstream.backup.redis;

import io.lettuce.core.RedisURI;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link StreamConnections} bean, on the server {@code spring.data.redis.*} names, so the Redis
 * health indicator and the stream loops see the same server.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    @Bean(destroyMethod = "close")
    StreamConnections streamConnections(DataRedisConnectionDetails details) {
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(standalone.getHost())
                .withPort(standalone.getPort())
                .withDatabase(standalone.getDatabase());
        if (details.getPassword() != null) {
            uri = details.getUsername() != null
                    ? uri.withAuthentication(details.getUsername(), details.getPassword())
                    : uri.withPassword(details.getPassword().toCharArray());
        }
        return new StreamConnections(uri.build());
    }
}
