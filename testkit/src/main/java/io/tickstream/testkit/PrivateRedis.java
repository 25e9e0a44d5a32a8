package io.tickstream.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process of a test's own, on a free high port (never 6379), that the test can
 * stop, kill and start again on the same port: a real restart, with its data ({@code appendonly yes})
 * or without. Needs {@code redis-server} on the PATH (Debian: {@code apt-get install redis-server});
 * fails with a message that says so otherwise. {@link #close()} ends the process by its PID.
 */
public final class PrivateRedis implements AutoCloseable {

    private final int port;
    private final boolean persistent;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private PrivateRedis(int port, boolean persistent, List<String> extraArgs) throws IOException {
        this.port = port;
        this.persistent = persistent;
        this.extraArgs = List.copyOf(extraArgs);
        this.dir = Files.createTempDirectory("tickstream-redis-" + port);
    }

    /** Starts a server that keeps nothing on disk: a restart loses its data. */
    public static PrivateRedis ephemeral() {
        return start(false, List.of());
    }

    /**
     * Starts a server that keeps nothing on disk, with more {@code redis-server} arguments, e.g.
     * {@code "--user", "app", "on", ">secret", "~*", "&*", "+@all"} for an ACL user.
     */
    public static PrivateRedis ephemeral(String... extraArgs) {
        return start(false, List.of(extraArgs));
    }

    /** Starts a server with an append-only file: a restart keeps its data. */
    public static PrivateRedis persistent() {
        return start(true, List.of());
    }

    private static PrivateRedis start(boolean persistent, List<String> extraArgs) {
        try {
            PrivateRedis redis = new PrivateRedis(freePort(), persistent, extraArgs);
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on its port; returns once it accepts connections. */
    public synchronized void start() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--daemonize", "no",
                "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (is it installed? apt-get install redis-server): "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!portOpen()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
            }
            pause();
        }
    }

    /** Stops the server gracefully (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the server (SIGKILL), as a crash. */
    public synchronized void kill() {
        end(true);
    }

    /** Stops and starts it again on the same port. */
    public void restart() {
        stop();
        start();
    }

    /**
     * Stops it (SIGTERM), deletes what it kept on disk (append-only file, snapshot) and starts it again on the
     * same port: a persistent server restarted as if its disk had been lost, e.g. a pod rescheduled without
     * its volume. Every key, stream and consumer group is gone.
     */
    public synchronized void restartWithoutData() {
        stop();
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                if (!f.getName().equals("redis.log")) {
                    deleteRecursively(f);
                }
            }
        }
        start();
    }

    private void end(boolean force) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        if (force) {
            running.destroyForcibly();
        } else {
            running.destroy();
        }
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        while (portOpen()) {
            pause();
        }
    }

    private boolean portOpen() {
        try (Socket ignored = new Socket(host(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                deleteRecursively(f);
            }
        }
        dir.toFile().delete();
    }

    private static void deleteRecursively(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteRecursively(c);
            }
        }
        f.delete();
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            // the cluster bus of a node is port + 10000: keep clear of ports whose bus would overflow
            if (port != 6379 && port < 55_000) {
                return port;
            }
        }
        throw new IOException("no free port below 55000");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
