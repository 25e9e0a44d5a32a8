package io.tickstream.query;

import io.tickstream.tracing.TracingConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * market-query-service: hot market state from the Redis Streams in a two-tier cache (Caffeine L1 per
 * instance, Redis L2 shared), history from PostgreSQL through cache-or-compute, REST under {@code /api/v1}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(TracingConfiguration.class)
public class QueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryApplication.class, args);
    }
}
