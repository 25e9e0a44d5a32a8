package io.tickstream.backup.archive;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.common.event.Quote;
import io.tickstream.testkit.TestTracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every archived entry continues its trace: a {@code backup.archive} span under the entry's traceparent. */
class ArchiveTracingIntegrationTests {

    private static final Duration LONG_IDLE = Duration.ofMinutes(10);

    private final BackupHarness harness = new BackupHarness();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TestTracing tracing;

    @AfterEach
    void cleanUp() {
        harness.close();
        tracing.close();
    }

    @Test
    void eachArchivedEntryHasASpanInItsOwnTraceEndedAfterTheCommitAndTheAck() {
        tracing = TestTracing.sampling();
        List<Quote> quotes = IntStream.range(0, 5).mapToObj(i -> BackupFixtures.quote(i, TestTracing.traceparent(true))).toList();
        List<String> ids = harness.publish(quotes);

        harness.startArchiver(BackupHarness.properties("traced", 100, LONG_IDLE, 5), meters,
                new ArchiveSpans(tracing.tracer(), tracing.propagator()));

        await().atMost(Duration.ofSeconds(20)).until(() -> !tracing.spans(ArchiveSpans.NAME).isEmpty());
        // the spans end after the batch's commit and acknowledgement: once one is there, all of it is done
        assertThat(harness.pending(harness.marketData())).isZero();
        assertThat(harness.rows("market_quotes")).isEqualTo(5);

        await().atMost(Duration.ofSeconds(5)).until(() -> tracing.spans(ArchiveSpans.NAME).size() == 5);
        Map<String, SpanData> byTrace = tracing.spans(ArchiveSpans.NAME).stream()
                .collect(Collectors.toMap(SpanData::getTraceId, Function.identity()));
        for (int i = 0; i < quotes.size(); i++) {
            String traceparent = quotes.get(i).meta().traceparent();
            SpanData span = byTrace.get(TestTracing.traceId(traceparent));
            assertThat(span).as("the span of entry %d, in its trace", i).isNotNull();
            assertThat(span.getParentSpanId()).isEqualTo(TestTracing.spanId(traceparent));
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getAttributes().asMap().toString())
                    .contains("stream=" + harness.marketData(), "entry.id=" + ids.get(i), "type=quote",
                            "outcome=archived");
        }
    }

    @Test
    void entriesOfUnsampledTracesAreArchivedWithoutARecordedSpan() {
        tracing = TestTracing.sampling();
        harness.publish(IntStream.range(0, 3).mapToObj(i -> BackupFixtures.quote(i, TestTracing.traceparent(false))).toList());

        harness.startArchiver(BackupHarness.properties("untraced", 100, LONG_IDLE, 5), meters,
                new ArchiveSpans(tracing.tracer(), tracing.propagator()));

        await().atMost(Duration.ofSeconds(20)).until(() -> harness.rows("market_quotes") == 3
                && harness.pending(harness.marketData()) == 0);
        assertThat(tracing.spans()).as("the producer did not sample them: neither does the archive").isEmpty();
    }

    @Test
    void anEntryWithAnUnreadableTraceparentIsArchivedUnderANewTrace() {
        tracing = TestTracing.sampling();
        harness.publish(List.of(BackupFixtures.quote(0, "not-a-traceparent")));

        harness.startArchiver(BackupHarness.properties("garbled", 100, LONG_IDLE, 5), meters,
                new ArchiveSpans(tracing.tracer(), tracing.propagator()));

        await().atMost(Duration.ofSeconds(20)).until(() -> tracing.spans(ArchiveSpans.NAME).size() == 1);
        assertThat(harness.rows("market_quotes")).isEqualTo(1);
        assertThat(tracing.spans(ArchiveSpans.NAME).getFirst().getParentSpanContext().isValid()).isFalse();
    }
}
