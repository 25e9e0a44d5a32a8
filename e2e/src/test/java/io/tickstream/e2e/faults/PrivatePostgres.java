package io.tickstream.e2e.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 server of a test's own, on a free high port (never 5432), that the test can stop and
 * start again on the same port with its data: a real outage of the database a service's own pool talks to.
 * Made with {@code initdb} and run with {@code pg_ctl} from {@code /usr/lib/postgresql/15/bin} (Debian's
 * {@code postgresql-15}); PostgreSQL refuses to run as root, so both run as the {@code postgres} user
 * ({@code runuser -u postgres --}) in a temporary directory owned by it. Trust authentication for user
 * {@code postgres}, database {@code postgres}; {@code client_connection_check_interval=1s}, so a backend
 * whose client died (a SIGKILLed service) ends its statement instead of finishing it for nobody.
 * {@link #close()} stops it ({@code pg_ctl stop -m immediate}, then the postmaster's PID from its pid file)
 * and deletes the directory.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private final Path dir;
    private final Path data;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Creates a cluster in a fresh directory and starts it; fails with a message saying what is missing. */
    public static PrivatePostgres start() {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException(BIN.resolve("initdb") + " is missing: install PostgreSQL 15 "
                    + "(Debian: apt-get install postgresql-15)");
        }
        try {
            Path dir = Files.createTempDirectory("tickstream-pg-");
            run(List.of("chown", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
            PrivatePostgres pg = new PrivatePostgres(dir, freePort());
            try {
                pg.asPostgres(Duration.ofSeconds(60), BIN.resolve("initdb").toString(), "-D", pg.data.toString(),
                        "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
                pg.startServer();
                return pg;
            } catch (RuntimeException e) {
                pg.close(); // the caller never gets it to close
                throw e;
            }
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

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A new JDBC connection as {@code postgres} (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    /** Starts the server (again) on its port; returns once it accepts connections. */
    public synchronized void startServer() {
        asPostgres(Duration.ofSeconds(60), BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "50",
                "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off -c max_connections=60"
                        + " -c client_connection_check_interval=1000", "start");
        if (!accepts()) {
            throw new IllegalStateException("private PostgreSQL did not start on port " + port + "; see " + dir.resolve("server.log"));
        }
    }

    /** Stops the server as an outage would, closing every connection ({@code pg_ctl stop -m fast}). */
    public synchronized void stopServer() {
        asPostgres(Duration.ofSeconds(60), BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m", "fast", "stop");
    }

    public boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                asPostgres(Duration.ofSeconds(30), BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m",
                        "immediate", "stop");
            }
        } catch (RuntimeException e) {
            killPostmaster();
        } finally {
            try {
                run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                System.err.println("private PostgreSQL: could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    /** The last resort: SIGKILL of the postmaster's PID (first line of its pid file). */
    private void killPostmaster() {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.getFirst().trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            System.err.println("private PostgreSQL: could not kill the postmaster: " + e.getMessage());
        }
    }

    private void asPostgres(Duration timeout, String... command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full, timeout);
    }

    private static void run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String output = new String(process.getInputStream().readAllBytes());
            if (!ended) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A free port in 20000..29999: high, below the ephemeral range, never 5432. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 29999");
    }
}
