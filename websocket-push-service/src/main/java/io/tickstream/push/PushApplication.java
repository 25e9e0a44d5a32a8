package io.tickstream.push;

import io.tickstream.tracing.TracingConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * websocket-push-service: every instance tails the Redis Streams itself and pushes snapshots, updates
 * and JSON Patch deltas to WebSocket clients at {@code /ws}. The protocol is in the module's README.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(TracingConfiguration.class)
public class PushApplication {

    public static void main(String[] args) {
        SpringApplication.run(PushApplication.class, args);
    }
}
