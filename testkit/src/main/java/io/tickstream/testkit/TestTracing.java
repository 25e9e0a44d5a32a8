package io.tickstream.testkit;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Micrometer's {@link Tracer} and {@link Propagator} on a real OpenTelemetry SDK (the bridge the
 * services run with, W3C propagation) whose finished spans stay in memory, for tests that assert what a
 * service's code traced. {@link #sampling()} samples every new trace and follows a parent's decision,
 * {@link #notSampling()} is the services' default (probability 0.0, parent-based).
 */
public final class TestTracing implements AutoCloseable {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final Propagator propagator;

    private TestTracing(Sampler root) {
        provider = SdkTracerProvider.builder().setSampler(Sampler.parentBased(root))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("tickstream-test");
        tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
        propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    }

    /** New traces are sampled; children follow their parent's decision. */
    public static TestTracing sampling() {
        return new TestTracing(Sampler.alwaysOn());
    }

    /** New traces are not sampled (the services' default); children follow their parent's decision. */
    public static TestTracing notSampling() {
        return new TestTracing(Sampler.alwaysOff());
    }

    public Tracer tracer() {
        return tracer;
    }

    public Propagator propagator() {
        return propagator;
    }

    /** Every span ended so far (recorded ones only: an unsampled span is never exported). */
    public List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    /** The ended spans named {@code name}. */
    public List<SpanData> spans(String name) {
        return spans().stream().filter(span -> span.getName().equals(name)).toList();
    }

    /** A new W3C {@code traceparent} of a remote parent: {@code 00-<trace id>-<span id>-01} (or {@code -00}). */
    public static String traceparent(boolean sampled) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "00-" + hex.toHexDigits(random.nextLong() | 1L) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong() | 1L) + (sampled ? "-01" : "-00");
    }

    /** The trace id part of a {@code traceparent}. */
    public static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    /** The span id part of a {@code traceparent}. */
    public static String spanId(String traceparent) {
        return traceparent.split("-")[2];
    }

    @Override
    public void close() {
        provider.close();
    }
}
