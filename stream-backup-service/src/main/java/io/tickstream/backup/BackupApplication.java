package io.tickstream.backup;

import io.tickstream.tracing.TracingConfiguration;
import io.tickstream.backup.replay.ReplayCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;

/**
 * stream-backup-service: the consumer group {@code backup} archives every stream entry in PostgreSQL,
 * trims the streams behind what it has committed, and replays history into the streams on demand.
 *
 * <p>{@code java -jar stream-backup-service.jar replay --from=... --to=... [--symbol=BTC] [--rate=2000]}
 * runs one replay without a web server, archiving or trimming, and exits (see {@link ReplayCommandLine}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(TracingConfiguration.class)
public class BackupApplication {

    public static void main(String[] args) {
        if (args.length > 0 && ReplayCommandLine.COMMAND.equals(args[0])) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(BackupApplication.class)
                    .run(ReplayCommandLine.arguments(Arrays.copyOfRange(args, 1, args.length)));
            System.exit(SpringApplication.exit(context));
        }
        SpringApplication.run(BackupApplication.class, args);
    }
}
