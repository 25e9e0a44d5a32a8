package io.tickstream.push;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.testkit.OwnNettyResources;
import io.tickstream.testkit.TestTracing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The push service with tracing sampled and an in-memory exporter in place of OTLP: one {@code push.send}
 * span per live entry, in the entry's trace, counting the sessions it reached; the update message
 * carries the entry's {@code traceparent} when the trace is sampled, and nothing is recorded or added
 * when it is not.
 */
class PushTracingIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final PushTestStreams streams = new PushTestStreams();
    private static final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() {
        Map<String, Object> properties = new HashMap<>(streams.properties());
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("management.tracing.sampling.probability", "1.0");
        properties.put("management.opentelemetry.tracing.export.schedule-delay", "100ms");
        // as arguments: they must win over application.yml (builder properties are only defaults)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        service = new SpringApplicationBuilder(PushApplication.class, OwnNettyResources.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("testSpanExporter", exporter))
                .run(args);
    }

    @AfterAll
    static void stop() {
        service.close();
        streams.close();
    }

    @Test
    void aSampledEntryIsSentUnderOneSpanOfItsTraceAndTheUpdateCarriesItsTraceparent() {
        try (WsClient first = subscribed("ticker:TRC"); WsClient second = subscribed("ticker:TRC")) {
            String traceparent = TestTracing.traceparent(true);
            String id = streams.append(quote("TRC", traceparent));

            for (WsClient client : List.of(first, second)) {
                JsonNode update = client.until(m -> id.equals(m.path("offset").asString()), WAIT);
                assertThat(update.get("type").asString()).isEqualTo("update");
                assertThat(update.get("traceparent").asString()).isEqualTo(traceparent);
            }
            await().atMost(WAIT).until(() -> !spans(traceparent).isEmpty());
            assertThat(spans(traceparent)).as("one span per entry, not one per client").singleElement().satisfies(span -> {
                assertThat(span.getName()).isEqualTo("push.send");
                assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(span.getParentSpanId()).isEqualTo(TestTracing.spanId(traceparent));
                assertThat(span.getAttributes().asMap().toString())
                        .contains("channel=ticker:TRC", "entry.id=" + id, "stream=" + streams.partitions.keyFor(streams.marketData, "TRC"), "sessions=2");
            });
        }
    }

    @Test
    void anUnsampledEntryIsSentWithoutASpanAndWithoutATraceparent() {
        try (WsClient client = subscribed("ticker:UNS")) {
            String traceparent = TestTracing.traceparent(false);
            String id = streams.append(quote("UNS", traceparent));

            JsonNode update = client.until(m -> id.equals(m.path("offset").asString()), WAIT);
            assertThat(update.has("traceparent")).isFalse();
            exporter.flush();
            assertThat(spans(traceparent)).isEmpty();
        }
    }

    /** A client subscribed to {@code channel} once the service tails live entries (warm-up is not traced). */
    private static WsClient subscribed(String channel) {
        WsClient client = WsClient.connect("ws://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort() + "/ws");
        client.send("{\"op\":\"subscribe\",\"channels\":[\"" + channel + "\"]}");
        client.until(m -> "snapshot".equals(m.path("type").asString()), WAIT);
        String symbol = channel.substring("ticker:".length());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String primer = streams.append(PushFixtures.quote(symbol, "binance", "1"));
            client.until(m -> primer.equals(m.path("offset").asString()), Duration.ofSeconds(2));
        });
        return client;
    }

    private static List<SpanData> spans(String traceparent) {
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(TestTracing.traceId(traceparent))).toList();
    }

    private static Quote quote(String symbol, String traceparent) {
        Quote template = PushFixtures.quote(symbol, "kraken", "42.5");
        EventMeta meta = template.meta();
        return new Quote(EventMeta.of(meta.id(), meta.source(), meta.sourceTime(), meta.ingestTime(), traceparent),
                symbol, template.quote(), template.price(), template.change24hPct(), template.volume24h(),
                template.marketCap(), template.high24h(), template.low24h(), false, null);
    }
}
