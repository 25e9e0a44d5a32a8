package io.tickstream.backup.archive;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.backup.StreamsProperties;
import io.tickstream.backup.redis.StreamConnections;
import io.tickstream.backup.schema.QuotePartitions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the archiver's parts; they are plain classes so tests can assemble them without Spring. */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    @Bean
    ArchiveMetrics archiveMetrics(MeterRegistry registry) {
        return new ArchiveMetrics(registry);
    }

    @Bean
    BatchArchiver batchArchiver(ArchiveWriter writer, StreamConnections redis, ArchiveMetrics metrics,
                                ArchiveProperties properties, Tracer tracer, ObjectProvider<Propagator> propagator) {
        return new BatchArchiver(writer, redis, metrics, properties,
                new ArchiveSpans(tracer, propagator.getIfAvailable(() -> Propagator.NOOP)));
    }

    @Bean
    Archiver archiver(StreamsProperties streams, ArchiveProperties properties, StreamConnections redis,
                      BatchArchiver batchArchiver, ArchiveMetrics metrics, QuotePartitions partitions) {
        return new Archiver(streams, properties, redis, batchArchiver, metrics, partitions);
    }
}
