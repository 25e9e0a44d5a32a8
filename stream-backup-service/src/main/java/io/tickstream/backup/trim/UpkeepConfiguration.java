package io.tickstream.backup.trim;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.backup.StreamsProperties;
import io.tickstream.backup.archive.ArchiveProperties;
import io.tickstream.common.stream.Partitions;
import io.tickstream.streams.connection.RedisConnections;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class UpkeepConfiguration {

    @Bean
    UpkeepLoop upkeepLoop(StreamsProperties streams, Partitions partitions, TrimProperties properties,
                          ArchiveProperties archive, RedisConnections redis, MeterRegistry meters, Clock clock) {
        return new UpkeepLoop(streams.all(partitions), properties, archive, redis, meters, clock);
    }
}
