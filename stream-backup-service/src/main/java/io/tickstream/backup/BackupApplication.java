package io.tickstream.backup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * stream-backup-service: the consumer group {@code backup} archives every stream entry in PostgreSQL,
 * trims the streams behind what it has committed, and replays history into the streams on demand.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BackupApplication {

    public static void main(String[] args) {
        SpringApplication.run(BackupApplication.class, args);
    }
}
