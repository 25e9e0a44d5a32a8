package io.tickstream.query.state;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.query.QueryFixtures;
import io.tickstream.query.QueryInstance;
import io.tickstream.query.QueryTestSettings;
import io.tickstream.query.TestStreams;
import io.tickstream.testkit.TestTracing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query service with tracing sampled and an in-memory exporter in place of OTLP: applying an entry
 * continues the entry's trace in both tiers, unsampled entries stay unrecorded, HTTP requests are traced,
 * and the stream loops' own Redis reads start no traces.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateTracingIntegrationTests {

    final QueryTestSettings settings = new QueryTestSettings();
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    TestStreams streams;
    QueryInstance service;

    @BeforeAll
    void start() {
        settings.createSchema();
        streams = new TestStreams(settings);
        Map<String, Object> properties = settings.properties();
        properties.put("management.tracing.sampling.probability", "1.0");
        properties.put("management.opentelemetry.tracing.export.schedule-delay", "100ms");
        ApplicationContextInitializer<ConfigurableApplicationContext> inMemoryExport =
                context -> context.getBeanFactory().registerSingleton("testSpanExporter", exporter);
        service = new QueryInstance(properties, List.of(inMemoryExport));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (streams != null) {
            streams.close();
        }
        settings.dropSchema();
    }

    @Test
    void anAppliedEntryContinuesItsTraceInTheLocalAndTheSharedState() {
        String traceparent = TestTracing.traceparent(true);
        String entryId = streams.append(quote("TRC", traceparent));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(spans(traceparent))
                .extracting(span -> span.getAttributes().asMap().toString())
                .anySatisfy(tags -> assertThat(tags).contains("tier=l1"))
                .anySatisfy(tags -> assertThat(tags).contains("tier=l2")));
        assertThat(spans(traceparent)).hasSize(2).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo(GroupWriter.SPAN);
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getParentSpanId()).isEqualTo(TestTracing.spanId(traceparent));
            assertThat(span.getAttributes().asMap().toString())
                    .contains("stream=" + settings.marketData, "entry.id=" + entryId, "type=quote", "changed=true");
        });
    }

    @Test
    void anEntryOfAnUnsampledTraceIsAppliedWithoutARecordedSpan() {
        String traceparent = TestTracing.traceparent(false);
        streams.append(quote("UNS", traceparent));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                service.client().get().uri("/api/v1/quotes/UNS").exchange().expectStatus().isOk());
        exporter.flush();
        assertThat(spans(traceparent)).isEmpty();
    }

    @Test
    void anHttpRequestContinuesTheCallersTrace() {
        String traceparent = TestTracing.traceparent(true);
        service.client().get().uri("/api/v1/quotes/NONE").header("traceparent", traceparent).exchange()
                .expectStatus().isNotFound();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans(traceparent))
                .anySatisfy(span -> {
                    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                    assertThat(span.getParentSpanId()).isEqualTo(TestTracing.spanId(traceparent));
                }));
    }

    @Test
    void theStreamLoopsOwnRedisReadsStartNoTraces() throws InterruptedException {
        Thread.sleep(1_000); // the loops read every 50 ms: they had their chance
        streams.append(quote("LOP", TestTracing.traceparent(true)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !exporter.getFinishedSpanItems().isEmpty());

        assertThat(exporter.getFinishedSpanItems())
                .filteredOn(span -> span.getKind() == SpanKind.CLIENT && !span.getParentSpanContext().isValid())
                .isEmpty();
    }

    private List<SpanData> spans(String traceparent) {
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(TestTracing.traceId(traceparent))).toList();
    }

    private static Quote quote(String symbol, String traceparent) {
        long now = System.currentTimeMillis() - 500;
        Quote template = QueryFixtures.quote("binance", symbol, "42.5", now);
        EventMeta meta = template.meta();
        return new Quote(EventMeta.of(meta.id(), meta.source(), meta.sourceTime(), meta.ingestTime(), traceparent),
                symbol, template.quote(), template.price(), template.change24hPct(), template.volume24h(),
                template.marketCap(), template.high24h(), template.low24h(), false, null);
    }
}
