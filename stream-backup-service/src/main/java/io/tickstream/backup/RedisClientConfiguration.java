package io.tickstream.backup;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stream loops run on the Lettuce client Spring Boot builds from {@code spring.data.redis.*} (the
 * streams layer's {@code RedisConnections} bean), so standalone, Sentinel, cluster, TLS and ACL settings
 * apply to them as to the health indicator. While Redis is unreachable, commands fail at once instead of
 * queueing until their timeout: the loops back off and retry, and Lettuce reconnects by itself when Redis
 * is back. The command timeout ({@code spring.data.redis.timeout}, 10 s) stays well above a blocking
 * read's wait ({@code tickstream.backup.archive.batch-wait}).
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
