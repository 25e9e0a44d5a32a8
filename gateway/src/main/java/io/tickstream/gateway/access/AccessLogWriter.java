package io.tickstream.gateway.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes access-log lines in batches, off the request threads. A request thread only puts a captured
 * {@link AccessLogLine} into a bounded queue, and never wakes the writer: the writer looks every
 * {@code flushInterval}, formats what has come and writes it with one call. A console appender with a
 * queue in front (what this replaced) woke its thread and made one {@code write} system call per line:
 * about 20 µs of CPU per request on the gateway's data path (docs/benchmarks.md). When the queue is
 * full the line is dropped and counted; requests never wait for the log. Stopping writes what is left.
 */
public final class AccessLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int MAX_BATCH = 4096;

    private final BlockingQueue<AccessLogLine> queue;
    private final long intervalNanos;
    private final OutputStream out;
    private final Counter dropped;
    private final StringBuilder text = new StringBuilder(64 * 1024);
    private final List<AccessLogLine> batch = new ArrayList<>(MAX_BATCH);
    private volatile boolean running;
    private Thread thread;

    public AccessLogWriter(AccessLogProperties properties, OutputStream out, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(properties.bufferLines());
        this.intervalNanos = properties.flushInterval().toNanos();
        this.out = out;
        this.dropped = meters.counter("tickstream.gateway.access.dropped");
    }

    /** Queues a line; drops and counts it when the writer is that far behind. */
    public void offer(AccessLogLine line) {
        if (!queue.offer(line)) {
            dropped.increment();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("access-log").daemon(true).unstarted(this::run);
        thread.start();
    }

    @Override
    public void stop() {
        Thread writer;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            writer = thread;
        }
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (the default phase), so the last requests' lines are written. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(this, intervalNanos);
            drain();
        }
        drain();
    }

    /** Writes everything queued so far; visible for tests, which drive it without the thread. */
    synchronized void drain() {
        while (queue.drainTo(batch, MAX_BATCH) > 0) {
            for (AccessLogLine line : batch) {
                line.appendTo(text);
            }
            batch.clear();
            write();
        }
    }

    private void write() {
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            log.warn("access log lines lost, the output refused them: {}", e.toString());
        } finally {
            text.setLength(0);
        }
    }
}
