package io.tickstream.gateway.access;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessLogWriterTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void linesCarryRouteMethodPathStatusLatencyAndTraceId() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogWriter writer = new AccessLogWriter(new AccessLogProperties(16, Duration.ofMillis(100)), out, meters);

        writer.offer(new AccessLogLine(1_795_000_000_123L, "api", "GET", "/api/v1/quotes/BTC", 200, 1_234,
                AccessLogLine.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
        writer.offer(new AccessLogLine(1_795_000_000_124L, "-", "POST", "/nowhere", 0, 5, "-"));
        writer.drain();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "2026-11-18T11:06:40.123Z ACCESS route=api method=GET path=/api/v1/quotes/BTC status=200 latencyMs=1.234"
                        + " trace=4bf92f3577b34da6a3ce929d0e0e4736\n"
                        + "2026-11-18T11:06:40.124Z ACCESS route=- method=POST path=/nowhere status=- latencyMs=0.005 trace=-\n");
    }

    @Test
    void onlyAWellFormedTraceparentGivesATraceId() {
        assertThat(AccessLogLine.traceId(null)).isEqualTo("-");
        assertThat(AccessLogLine.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736")).isEqualTo("-");
        assertThat(AccessLogLine.traceId("00-4bf92f3577b34da6a3ce929d0e0e473X-00f067aa0ba902b7-01")).isEqualTo("-");
        assertThat(AccessLogLine.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01\nforged")).isEqualTo("-");
    }

    @Test
    void aFullBufferDropsAndCountsLinesInsteadOfWaiting() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogWriter writer = new AccessLogWriter(new AccessLogProperties(16, Duration.ofMillis(100)), out, meters);

        for (int i = 0; i < 20; i++) {
            writer.offer(new AccessLogLine(0, "api", "GET", "/api/" + i, 200, 0, "-"));
        }
        writer.drain();

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(16).last().asString().contains("path=/api/15 ");
        assertThat(meters.counter("tickstream.gateway.access.dropped").count()).isEqualTo(4);
    }

    @Test
    void theWriterThreadWritesInBatchesAndWhatIsLeftWhenStopped() {
        AtomicInteger writes = new AtomicInteger();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                lines.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.incrementAndGet();
                lines.write(b, off, len);
            }
        };
        AccessLogWriter writer = new AccessLogWriter(new AccessLogProperties(1024, Duration.ofMillis(200)), out, meters);
        writer.start();
        try {
            for (int i = 0; i < 100; i++) {
                writer.offer(new AccessLogLine(0, "api", "GET", "/api/" + i, 200, 0, "-"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.toString(StandardCharsets.UTF_8).lines().count() == 100);
            assertThat(writes.get()).as("100 lines in few writes").isLessThanOrEqualTo(2);

            writer.offer(new AccessLogLine(0, "api", "GET", "/api/last", 200, 0, "-"));
        } finally {
            writer.stop();
        }
        assertThat(lines.toString(StandardCharsets.UTF_8)).contains("path=/api/last ");
        assertThat(writer.isRunning()).isFalse();
    }
}
