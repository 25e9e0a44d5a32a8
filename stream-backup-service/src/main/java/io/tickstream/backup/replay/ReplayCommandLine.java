package io.tickstream.backup.replay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The command line replay:
 * <pre>
 * java -jar stream-backup-service.jar replay --from=2026-11-01T00:00:00Z --to=2026-11-02T00:00:00Z \
 *      [--symbol=BTC] [--types=quote,market_summary] [--rate=5000]
 * </pre>
 * Starts without a web server, archiving or trimming, runs one replay, logs its progress every
 * 5 seconds and exits with 0 when it completed, 1 when it failed, 2 for a bad request. This runner waits
 * for the job: a command line has nothing else to do.
 */
@Component
@ConditionalOnBooleanProperty("tickstream.backup.replay.command-line")
public class ReplayCommandLine implements ApplicationRunner, ExitCodeGenerator {

    /** The first program argument that selects this mode. */
    public static final String COMMAND = "replay";
    /** Settings of this mode. */
    public static final Map<String, Object> PROPERTIES = Map.of(
            "tickstream.backup.replay.command-line", "true",
            "tickstream.backup.archive.enabled", "false",
            "tickstream.backup.trim.enabled", "false",
            "spring.main.web-application-type", "none");

    /**
     * The program arguments for this mode: {@link #PROPERTIES} as {@code --name=value} ahead of the
     * user's, so they outrank {@code application.yml}; a user's own {@code --name=value} still wins.
     */
    public static String[] arguments(String... userArguments) {
        java.util.List<String> all = new java.util.ArrayList<>();
        PROPERTIES.forEach((name, value) -> all.add("--" + name + "=" + value));
        all.addAll(List.of(userArguments));
        return all.toArray(String[]::new);
    }

    private static final Logger log = LoggerFactory.getLogger(ReplayCommandLine.class);

    private final ReplayService replay;
    private volatile int exitCode = 1;

    ReplayCommandLine(ReplayService replay) {
        this.replay = replay;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        ReplayRequest request;
        ReplayJob job;
        try {
            request = request(args);
            job = replay.start(request);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            log.error("bad replay request: {}. Usage: replay --from=<instant> --to=<instant> [--symbol=BTC] "
                    + "[--types=quote,trade,market_summary,source_health] [--rate=<entries/s>]", e.getMessage());
            exitCode = 2;
            return;
        }
        var ticker = Flux.interval(Duration.ofSeconds(5)).subscribe(t -> log.info("replay progress: {}", job.progress()));
        try {
            job.done().toFuture().get();
        } finally {
            ticker.dispose();
        }
        ReplayJob.Progress end = job.progress();
        log.info("replay ended: {}", end);
        exitCode = end.state() == ReplayJob.State.COMPLETED ? 0 : 1;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    static ReplayRequest request(ApplicationArguments args) {
        Instant from = Instant.parse(required(args, "from"));
        Instant to = Instant.parse(required(args, "to"));
        String symbol = optional(args, "symbol");
        String types = optional(args, "types");
        String rate = optional(args, "rate");
        return new ReplayRequest(from, to, symbol, types == null ? null : List.of(types.split(",")),
                rate == null ? null : Integer.valueOf(rate));
    }

    private static String required(ApplicationArguments args, String name) {
        String value = optional(args, name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static String optional(ApplicationArguments args, String name) {
        List<String> values = args.getOptionValues(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
