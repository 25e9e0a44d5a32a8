package io.tickstream.e2e.faults.redis;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of a {@link FaultSuite} as a real process ({@code java -jar <module>/target/<module>-*.jar}),
 * on its own HTTP and management ports, its output in {@code e2e/target/e2e-logs/<logName>.log}. Stopped as
 * an orchestrator would (SIGTERM to its PID, SIGKILL after 20 s) or killed; a JVM that exits without the
 * test's cleanup still kills it (shutdown hook).
 */
final class SuiteNode {

    static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("e2e")
            ? Path.of("").toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String module;
    final String logName;
    final int port;
    final int managementPort;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;

    SuiteNode(String module, String logName, int port, int managementPort, Map<String, String> env) {
        this.module = module;
        this.logName = logName;
        this.port = port;
        this.managementPort = managementPort;
        this.env = Map.copyOf(env);
        this.log = ROOT.resolve("e2e/target/e2e-logs/" + logName + ".log");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Starts the process (again, after a stop). */
    SuiteNode start() {
        Path jar = ROOT.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the fault tests through './tickstream faults' "
                    + "or './tickstream test' (mvn verify), which package every service first");
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
            Process started = builder.start();
            process = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started.isAlive()) {
                    started.destroyForcibly();
                }
            }));
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + logName, e);
        }
    }

    /** Waits until its readiness group answers 200; fails with the log's tail if it dies or time runs out. */
    SuiteNode awaitReady(Duration timeout) {
        String url = managementUrl() + "/actuator/health/readiness";
        try {
            Awaitility.await(logName + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                Process running = process;
                if (!running.isAlive()) {
                    throw new IllegalStateException(logName + " exited with " + running.exitValue() + ":\n" + tail());
                }
                return status(url, Duration.ofSeconds(2)) == 200;
            });
            return this;
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(logName + " not ready within " + timeout + ":\n" + tail(), e);
        }
    }

    /** The HTTP status of {@code GET url}, or -1 when it does not answer within {@code timeout}. */
    static int status(String url, Duration timeout) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    boolean alive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** The PID of the running process. */
    long pid() {
        return process.pid();
    }

    /**
     * SIGTERM, as an orchestrator's rolling update sends it; waits for the exit (SIGKILL after 20 s). Returns the
     * exit code (143 after SIGTERM when the JVM's shutdown finished by itself), or -1 when it had to be killed.
     */
    int stop() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return running == null ? -1 : running.exitValue();
        }
        running.destroy();
        try {
            if (running.waitFor(20, TimeUnit.SECONDS)) {
                return running.exitValue();
            }
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The last lines of its log. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Every line of its log that contains {@code text}. */
    List<String> logLines(String text) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
