package io.tickstream.gateway.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Carries the trace into the upstream call: the request to a service gets the trace context of the
 * gateway's own server span ({@code http.server.requests}), so the service's span is a child of the
 * gateway's, which is the child of the caller's. One span and one timer per proxied request instead of
 * Spring Cloud Gateway's second, client-side observation (switched off; its route-tagged timings are on
 * the server observation, see {@link RouteTaggedServerObservations}). A profile put ~10 % of the
 * gateway's CPU on that observation, but end to end the change measured within noise
 * (docs/benchmarks.md). Without a recorded span (tracing off, or this trace not sampled) the headers
 * pass unchanged, the caller's own {@code traceparent} included: a sampled caller's trace is sampled at
 * the gateway too (parent-based sampling), so only unrecorded gateway spans are left out of the chain,
 * and a request that came without a trace lets the service decide on its own, as the gateway did.
 */
public final class ServerSpanPropagation implements HttpHeadersFilter, Ordered {

    private final Propagator propagator;

    public ServerSpanPropagation(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        Span span = serverSpan(exchange);
        if (span == null || !Boolean.TRUE.equals(span.context().sampled())) {
            return input;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(input);
        for (String field : propagator.fields()) {
            headers.remove(field);
        }
        propagator.inject(span.context(), headers, HttpHeaders::set);
        return headers;
    }

    static Span serverSpan(ServerWebExchange exchange) {
        Observation.Context context = ServerRequestObservationContext.findCurrent(exchange.getAttributes()).orElse(null);
        if (context == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    /** After the other request header filters, on their output. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
