package io.tickstream.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the Redis programs the private servers run, and fails with the Debian package to install
 * when one is missing, before any process is started. Searches the {@code PATH}; the variants that take
 * a search path exist for tests.
 */
final class RedisBinaries {

    private RedisBinaries() {
    }

    /** {@code redis-server} (Debian package {@code redis-server}). */
    static String server() {
        return server(searchPath());
    }

    static String server(String searchPath) {
        return require("redis-server", "redis-server", searchPath);
    }

    /** {@code redis-cli} (Debian package {@code redis-tools}, which {@code redis-server} brings). */
    static String cli() {
        return require("redis-cli", "redis-server", searchPath());
    }

    /**
     * How to run a Sentinel with a configuration file: {@code redis-sentinel FILE} when Debian's
     * {@code redis-sentinel} package is installed, else {@code redis-server FILE --sentinel} (the same
     * program in Sentinel mode).
     */
    static Function<Path, List<String>> sentinel() {
        return sentinel(searchPath());
    }

    static Function<Path, List<String>> sentinel(String searchPath) {
        Optional<Path> sentinel = find("redis-sentinel", searchPath);
        if (sentinel.isPresent()) {
            return config -> List.of(sentinel.get().toString(), config.toString());
        }
        Path server = find("redis-server", searchPath).orElseThrow(() -> missing("redis-sentinel", "redis-sentinel"));
        return config -> List.of(server.toString(), config.toString(), "--sentinel");
    }

    private static String require(String program, String debianPackage, String searchPath) {
        return find(program, searchPath).map(Path::toString).orElseThrow(() -> missing(program, debianPackage));
    }

    private static IllegalStateException missing(String program, String debianPackage) {
        return new IllegalStateException(program + " is not on the PATH: install it (Debian: apt-get install "
                + debianPackage + ")");
    }

    private static Optional<Path> find(String program, String searchPath) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }

    private static String searchPath() {
        return System.getenv().getOrDefault("PATH", "");
    }
}
