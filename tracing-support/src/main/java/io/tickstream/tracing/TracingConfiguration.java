package io.tickstream.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Which new traces are recorded: as Spring Boot's default, a share of them
 * ({@code management.tracing.sampling.probability}, 0.0 here unless set) and every child as its parent
 * decided (a stream entry's {@code traceparent} included), except that a client call made outside any
 * traced work, such as a stream loop's Redis read, never starts a trace of its own: sampled, every
 * polling command would be a one-span trace. Services import it on their application class.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean
    public Sampler otelSampler(@Value("${management.tracing.sampling.probability:0.0}") double probability) {
        return Sampler.parentBased(new NoOrphanClientCalls(Sampler.traceIdRatioBased(probability)));
    }

    /** The root sampler: drops root spans of kind {@code CLIENT}, asks {@code delegate} about the rest. */
    public record NoOrphanClientCalls(Sampler delegate) implements Sampler {

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                           Attributes attributes, List<LinkData> parentLinks) {
            return spanKind == SpanKind.CLIENT ? SamplingResult.drop()
                    : delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        @Override
        public String getDescription() {
            return "NoOrphanClientCalls{" + delegate.getDescription() + "}";
        }
    }
}
