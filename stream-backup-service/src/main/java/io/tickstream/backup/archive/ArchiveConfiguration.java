package io.tickstream.backup.archive;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.backup.StreamsProperties;
import io.tickstream.backup.schema.MonthlyPartitions;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.trace.EntrySpans;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the archiver's parts on the streams layer's beans ({@link RedisConnections}, {@link EntrySpans});
 * they are plain classes so tests can assemble them without Spring.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    @Bean
    ArchiveMetrics archiveMetrics(MeterRegistry registry) {
        return new ArchiveMetrics(registry);
    }

    @Bean
    BatchArchiver batchArchiver(ArchiveWriter writer, ArchiveMetrics metrics, ArchiveProperties properties,
                                EntrySpans spans) {
        return new BatchArchiver(writer, metrics, properties, new ArchiveSpans(spans));
    }

    @Bean
    Archiver archiver(StreamsProperties streams, io.tickstream.common.stream.Partitions layout, ArchiveProperties properties,
                      RedisConnections redis, BatchArchiver batchArchiver, MeterRegistry meters, MonthlyPartitions partitions) {
        return new Archiver(streams, layout, properties, redis, batchArchiver, meters, partitions);
    }
}
