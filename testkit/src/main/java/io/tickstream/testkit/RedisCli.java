package io.tickstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks private Redis nodes through {@code redis-cli}: the testkit's main code has no Redis client of its
 * own (Lettuce is a test dependency here), and {@code redis-cli} is also the tool that creates a cluster.
 * Every call is bounded: a node that does not answer within the timeout counts as not answering.
 */
final class RedisCli {

    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    /** What a {@code redis-cli} run printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private RedisCli() {
    }

    /**
     * The reply to one command sent to {@code 127.0.0.1:port}, or empty when the node is down, does not
     * answer in time, or answers with an error.
     */
    static Optional<String> query(int port, String... command) {
        List<String> args = new ArrayList<>(List.of("-e", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        args.addAll(List.of(command));
        Result result = run(args, QUERY_TIMEOUT);
        return result.ok() ? Optional.of(result.output().strip()) : Optional.empty();
    }

    /** Runs {@code redis-cli} with these arguments; a run that exceeds the timeout is killed (exit code -1). */
    static Result run(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(RedisBinaries.cli());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-cli (Debian: apt-get install redis-server)", e);
        }
        FutureTask<byte[]> output = new FutureTask<>(() -> process.getInputStream().readAllBytes());
        Thread.ofVirtual().start(output);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "redis-cli " + String.join(" ", args) + ": no answer within " + timeout);
            }
            return new Result(process.exitValue(), new String(output.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return new Result(-1, "redis-cli output unreadable: " + e);
        }
    }

    /** The {@code key:value} lines of a reply such as INFO or CLUSTER INFO. */
    static Map<String, String> fields(String reply) {
        Map<String, String> fields = new HashMap<>();
        reply.lines().map(String::strip).filter(line -> line.contains(":") && !line.startsWith("#")).forEach(line -> {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1));
        });
        return fields;
    }

    /** A flat array of alternating keys and values, one a line as {@code redis-cli} prints it (e.g. SENTINEL MASTER). */
    static Map<String, String> pairs(String reply) {
        List<String> lines = reply.lines().map(String::strip).toList();
        Map<String, String> pairs = new HashMap<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            pairs.put(lines.get(i), lines.get(i + 1));
        }
        return pairs;
    }
}
