package io.tickstream.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Evidence for a rare stall: when a watched operation is still running after its threshold, every
 * thread of this JVM is dumped to {@code target/stall-dumps/} and the file is named on stderr. The
 * test then fails (or passes) as it would have; the dump shows where the stuck work was.
 */
public final class StallWatchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stall-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private static final Path FOLDER = Path.of("target", "stall-dumps");

    private StallWatchdog() {
    }

    /** Starts watching {@code label}; close the returned handle when the operation ends. */
    public static Watch watch(String label, Duration threshold) {
        Instant started = Instant.now();
        ScheduledFuture<?> dump = TIMER.schedule(() -> dump(label, started), threshold.toMillis(), TimeUnit.MILLISECONDS);
        return () -> dump.cancel(false);
    }

    /** Writes a dump of every thread now; returns the file. */
    public static Path dump(String label, Instant started) {
        StringBuilder text = new StringBuilder("stalled: ").append(label).append(" (started ").append(started)
                .append(", dumped ").append(Instant.now()).append(")\n\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true, 64)) {
            text.append(info);
        }
        text.append("\nsockets (ss -tnpi):\n").append(sockets());
        try {
            Files.createDirectories(FOLDER);
            Path file = FOLDER.resolve("stall-" + System.currentTimeMillis() + ".txt");
            Files.writeString(file, text);
            System.err.println("StallWatchdog: " + label + " still running; threads dumped to " + file.toAbsolutePath());
            return file;
        } catch (IOException e) {
            System.err.println("StallWatchdog: could not write a dump: " + e + "\n" + text);
            return null;
        }
    }

    private static String sockets() {
        try {
            Process ss = new ProcessBuilder("ss", "-tnpi").redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes());
            ss.waitFor(5, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "(ss not available: " + e + ")";
        }
    }

    /** An operation being watched. */
    @FunctionalInterface
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
