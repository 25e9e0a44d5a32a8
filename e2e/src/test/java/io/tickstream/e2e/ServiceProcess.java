package io.tickstream.e2e;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service as a real process: {@code java -jar <module>/target/<module>-<version>.jar} with its
 * settings as environment variables, its output in {@code e2e/target/e2e-logs/<name>.log}. Started,
 * waited for (readiness), stopped gracefully (SIGTERM, then killed after a bound).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("e2e")
            ? Path.of("").toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Map<String, String> env;
    private final Path log;
    private final String logName;
    private Process process;

    public ServiceProcess(String name, Map<String, String> env) {
        this(name, name, env);
    }

    /** An instance of module {@code name} whose log is {@code e2e/target/e2e-logs/<logName>.log}. */
    public ServiceProcess(String name, String logName, Map<String, String> env) {
        this.name = name;
        this.env = Map.copyOf(env);
        this.log = ROOT.resolve("e2e/target/e2e-logs/" + logName + ".log");
        this.logName = logName;
    }

    /** The instance's name in its log file's name, e.g. {@code soak-backup-2}. */
    public String logName() {
        return logName;
    }

    /** Starts the process (again, after a stop). */
    public ServiceProcess start() {
        Path jar = ROOT.resolve(name + "/target/" + name + "-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through './tickstream test' (mvn verify), "
                    + "which packages every service before the whole-suite tests");
        }
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
            // a test that dies before its cleanup must not leave services running: end them with the JVM
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started.isAlive()) {
                    started.destroyForcibly();
                }
            }));
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** Waits until {@code url} answers 200, failing with the log's tail when the process dies or time runs out. */
    public ServiceProcess awaitReady(String url, Duration timeout) {
        try {
            Awaitility.await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                }
                return answers200(url);
            });
            return this;
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready at " + url + " within " + timeout + ":\n" + tail(), e);
        }
    }

    private static boolean answers200(String url) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** Stops it as an orchestrator would: SIGTERM, then a kill after 15 s. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills it without warning, as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The process id of the running (or last) process; -1 before the first start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
