package io.tickstream.backup.replay;

import io.tickstream.backup.StreamsProperties;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.streams.connection.RedisConnections;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    @Bean
    ReplayService replayService(DatabaseClient db, SchemaProperties schema, RedisConnections redis,
                                StreamsProperties streams, io.tickstream.common.stream.Partitions partitions,
                                ReplayProperties properties, Clock clock) {
        return new ReplayService(db, schema, redis, streams, partitions, properties, clock);
    }
}
