package io.tickstream.push;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * websocket-push-service: every instance tails the Redis Streams itself and pushes snapshots, updates
 * and JSON Patch deltas to WebSocket clients at {@code /ws}. The protocol is in the module's README.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PushApplication {

    public static void main(String[] args) {
        SpringApplication.run(PushApplication.class, args);
    }
}
