package io.tickstream.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TracingConfigurationTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aClientCallOutsideTracedWorkStartsNoTrace() {
        assertThat(decide(new TracingConfiguration().otelSampler(1.0), Context.root(), SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void otherNewTracesAreSampledByTheProbability() {
        assertThat(decide(new TracingConfiguration().otelSampler(1.0), Context.root(), SpanKind.INTERNAL))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(new TracingConfiguration().otelSampler(0.0), Context.root(), SpanKind.SERVER))
                .isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void childrenFollowTheirParentsDecisionClientCallsIncluded() {
        Sampler off = new TracingConfiguration().otelSampler(0.0);
        assertThat(decide(off, parent(TraceFlags.getSampled()), SpanKind.CLIENT)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(off, parent(TraceFlags.getSampled()), SpanKind.CONSUMER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        Sampler on = new TracingConfiguration().otelSampler(1.0);
        assertThat(decide(on, parent(TraceFlags.getDefault()), SpanKind.CONSUMER)).isEqualTo(SamplingDecision.DROP);
    }

    private static Context parent(TraceFlags flags) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7", flags,
                TraceState.getDefault())));
    }

    private static SamplingDecision decide(Sampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE_ID, "XREAD", kind, Attributes.empty(), List.of()).getDecision();
    }
}
