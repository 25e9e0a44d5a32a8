package io.tickstream.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool of the ecosystem the checks run ({@code kubectl}, {@code promtool}, {@code redocly}): found from an
 * environment variable naming its path, else on {@code PATH}. {@code ./tickstream test} installs the tools
 * where they are missing; where one still cannot be had, {@link #require} aborts the calling check with a
 * loud message on standard error (a skipped check that says so, never a silent pass). Under {@code CI=true} a missing
 * promtool or redocly fails the check instead: CI's test command installs them, so missing means an install step
 * broke; only kubectl, which a distribution may not package, may still be skipped there.
 *
 * @param name the program, e.g. {@code kubectl}
 * @param env  the environment variable that may name its path, e.g. {@code KUBECTL}
 */
public record ExternalTool(String name, String env) {

    public static final ExternalTool KUBECTL = new ExternalTool("kubectl", "KUBECTL");
    public static final ExternalTool PROMTOOL = new ExternalTool("promtool", "PROMTOOL");
    public static final ExternalTool REDOCLY = new ExternalTool("redocly", "REDOCLY");

    /** The tool's path, if it is installed. */
    public Optional<Path> find() {
        String configured = System.getenv(env);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The tool's path; aborts the calling test, loudly, when the tool is not installed. */
    public Path require() {
        Optional<Path> path = find();
        if (path.isEmpty()) {
            String message = "SKIPPED: " + name + " is not installed (set " + env + " or put it on PATH; "
                    + "./tickstream test installs it): the checks that need it did not run";
            System.err.println("\n!!!!!!!! " + message + " !!!!!!!!\n");
            if ("true".equalsIgnoreCase(System.getenv("CI")) && !name.equals(KUBECTL.name())) {
                throw new AssertionError(name + " is missing on CI, where ./tickstream test installs it: " + message);
            }
            Assumptions.abort(message);
        }
        return path.get();
    }

    /** Runs the tool with {@code args} in {@code workDir}; the exit code and both outputs. */
    public Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 2 minutes");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** {@link #stdout}, or an exception with both outputs when the tool failed. */
        public String orThrow(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "):\n" + stderr + stdout);
            }
            return stdout;
        }
    }
}
