package io.tickstream.query;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * While Redis is unreachable, commands fail at once instead of queueing until their timeout: cache
 * reads then fall through to L1 and PostgreSQL without making a request wait. Lettuce reconnects by
 * itself when Redis is back. The streams layer's connections (group consumer, tail) are opened on the
 * same client, so its loops fail fast the same way and retry after their backoff.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
