package io.tickstream.gateway.observation;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.tickstream.testkit.TestTracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSpanPropagationTests {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private final TestTracing tracing = TestTracing.sampling();

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void theUpstreamGetsTheGatewaysServerSpanAsItsParentInTheCallersTrace() {
        MockServerWebExchange exchange = exchange();
        HttpHeaders caller = exchange.getRequest().getHeaders();
        Propagator.Getter<HttpHeaders> getter = HttpHeaders::getFirst;
        Span server = tracing.tracer().spanBuilder().setParent(tracing.propagator().extract(caller, getter).start().context())
                .name("http get").start();
        observe(exchange, server);

        HttpHeaders upstream = new ServerSpanPropagation(tracing.propagator()).filter(caller, exchange);

        assertThat(upstream.get("traceparent")).containsExactly("00-" + CALLER_TRACE + "-" + server.context().spanId() + "-01");
        assertThat(server.context().spanId()).isNotEqualTo(CALLER_SPAN);
        assertThat(upstream.getFirst("X-Other")).as("other headers pass").isEqualTo("kept");
        assertThat(caller.getFirst("traceparent")).as("the request's own headers are untouched").contains(CALLER_SPAN);
    }

    @Test
    void withoutASpanTheHeadersPassUnchanged() {
        MockServerWebExchange exchange = exchange();
        HttpHeaders caller = exchange.getRequest().getHeaders();

        assertThat(new ServerSpanPropagation(tracing.propagator()).filter(caller, exchange)).isSameAs(caller);
    }

    @Test
    void anUnsampledGatewaySpanLeavesTheCallersHeadersAsTheyCame() {
        try (TestTracing unsampled = TestTracing.notSampling()) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC")
                    .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-00"));
            HttpHeaders caller = exchange.getRequest().getHeaders();
            Propagator.Getter<HttpHeaders> getter = HttpHeaders::getFirst;
            Span server = unsampled.tracer().spanBuilder()
                    .setParent(unsampled.propagator().extract(caller, getter).start().context()).name("http get").start();
            observe(exchange, server);
            assertThat(server.context().sampled()).isFalse();

            assertThat(new ServerSpanPropagation(unsampled.propagator()).filter(caller, exchange)).isSameAs(caller);
        }
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .header("X-Other", "kept"));
    }

    private static void observe(MockServerWebExchange exchange, Span span) {
        ServerRequestObservationContext context = new ServerRequestObservationContext(exchange.getRequest(),
                exchange.getResponse(), exchange.getAttributes());
        TracingObservationHandler.TracingContext tracingContext = new TracingObservationHandler.TracingContext();
        tracingContext.setSpan(span);
        context.put(TracingObservationHandler.TracingContext.class, tracingContext);
        exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
    }
}
