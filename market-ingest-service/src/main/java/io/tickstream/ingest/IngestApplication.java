package io.tickstream.ingest;

import io.tickstream.tracing.TracingConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** market-ingest-service: public market APIs in, normalized events on Redis Streams out. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(TracingConfiguration.class)
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
