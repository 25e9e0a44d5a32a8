package io.tickstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One {@code redis-server} or Sentinel process of a private deployment, in a directory of its own (its
 * configuration, {@code nodes.conf}, data and {@code redis.log}), on a fixed port so that it can be killed
 * and started again as the same node. Ended by its PID; a JVM that exits without {@link #close()} still
 * kills it (shutdown hook).
 */
final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final Path dir;
    private final List<String> command;
    private final Thread killOnExit = Thread.ofPlatform().unstarted(this::killNow);
    private Process process;

    private RedisProcess(int port, Path dir, List<String> command) {
        this.port = port;
        this.dir = dir;
        this.command = List.copyOf(command);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A process in a new temporary directory; {@code command} gets that directory. Not started yet. */
    static RedisProcess inNewDirectory(String name, int port, Function<Path, List<String>> command) {
        try {
            Path dir = Files.createTempDirectory("tickstream-" + name + "-" + port + "-");
            return new RedisProcess(port, dir, command.apply(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** Starts the process (again); returns once it answers PING on its port. */
    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException("the process on port " + port + " is running already (PID " + process.pid() + ")");
        }
        Path log = dir.resolve("redis.log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Reachability.redisAnswers("127.0.0.1", port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                killNow();
                throw new IllegalStateException(String.join(" ", command) + " did not start on port " + port
                        + "; see " + log);
            }
            Eventually.pause();
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Kills the process with SIGKILL (by its PID), as a crash, and waits until it is gone. */
    synchronized void kill() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroyForcibly();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("PID " + running.pid() + " (port " + port + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killNow() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    /** Kills the process and deletes its directory. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // closed from another shutdown hook: ours runs anyway and finds nothing left to kill
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
