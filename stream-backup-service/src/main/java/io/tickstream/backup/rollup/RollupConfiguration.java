package io.tickstream.backup.rollup;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.tickstream.backup.schema.SchemaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The derivation job of the longer candles; a plain class so tests can run its rounds by hand. */
@Configuration(proxyBeanMethods = false)
class RollupConfiguration {

    @Bean
    DerivedCandles derivedCandles(ConnectionFactory connections, SchemaProperties schema, RollupProperties properties,
                                  MeterRegistry meters) {
        return new DerivedCandles(connections, schema, properties, meters);
    }
}
