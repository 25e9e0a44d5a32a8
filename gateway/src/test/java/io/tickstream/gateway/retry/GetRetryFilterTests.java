package io.tickstream.gateway.retry;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class GetRetryFilterTests {

    private final GetRetryFilter retry = new GetRetryFilter(2, Duration.ofMillis(50), Duration.ofMillis(500));

    @Test
    void aGetAnswered503IsSentAgainAfterTheBackoffAndTheSecondAnswerStands() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC"));
        ScriptedUpstream upstream = new ScriptedUpstream(answer(HttpStatus.SERVICE_UNAVAILABLE), answer(HttpStatus.OK));

        StepVerifier.withVirtualTime(() -> retry.filter(exchange, upstream))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(49))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();

        assertThat(upstream.calls).isEqualTo(2);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void connectionErrorsAreRetriedWithAGrowingBackoff() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC"));
        ScriptedUpstream upstream = new ScriptedUpstream(fail(new ConnectException("refused")),
                fail(new RuntimeException("wrapped", new java.io.IOException("connection closed"))), answer(HttpStatus.OK));

        StepVerifier.withVirtualTime(() -> retry.filter(exchange, upstream))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(50))
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();

        assertThat(upstream.calls).isEqualTo(3);
    }

    @Test
    void afterTheLastRetryTheUpstreamsAnswerOrErrorStands() {
        MockServerWebExchange answered = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC"));
        ScriptedUpstream busy = new ScriptedUpstream(answer(HttpStatus.BAD_GATEWAY), answer(HttpStatus.GATEWAY_TIMEOUT),
                answer(HttpStatus.SERVICE_UNAVAILABLE));
        StepVerifier.withVirtualTime(() -> retry.filter(answered, busy)).thenAwait(Duration.ofSeconds(1)).verifyComplete();
        assertThat(busy.calls).isEqualTo(3);
        assertThat(answered.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        MockServerWebExchange failed = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC"));
        ScriptedUpstream down = new ScriptedUpstream(fail(new ConnectException("1")), fail(new ConnectException("2")),
                fail(new ConnectException("3")));
        StepVerifier.withVirtualTime(() -> retry.filter(failed, down)).thenAwait(Duration.ofSeconds(1))
                .verifyErrorMessage("3");
        assertThat(down.calls).isEqualTo(3);
    }

    @Test
    void otherMethodsOtherStatusesAndOtherErrorsAreNotRetried() {
        MockServerWebExchange post = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/echo").body("x"));
        ScriptedUpstream postUpstream = new ScriptedUpstream(answer(HttpStatus.SERVICE_UNAVAILABLE), answer(HttpStatus.OK));
        StepVerifier.create(retry.filter(post, postUpstream)).verifyComplete();
        assertThat(postUpstream.calls).isEqualTo(1);
        assertThat(post.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        MockServerWebExchange withBody = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes")
                .header("Content-Length", "3"));
        ScriptedUpstream withBodyUpstream = new ScriptedUpstream(answer(HttpStatus.SERVICE_UNAVAILABLE), answer(HttpStatus.OK));
        StepVerifier.create(retry.filter(withBody, withBodyUpstream)).verifyComplete();
        assertThat(withBodyUpstream.calls).isEqualTo(1);

        MockServerWebExchange serverError = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes"));
        ScriptedUpstream erring = new ScriptedUpstream(answer(HttpStatus.INTERNAL_SERVER_ERROR), answer(HttpStatus.OK));
        StepVerifier.create(retry.filter(serverError, erring)).verifyComplete();
        assertThat(erring.calls).isEqualTo(1);

        MockServerWebExchange bug = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes"));
        ScriptedUpstream failing = new ScriptedUpstream(fail(new IllegalStateException("bug")), answer(HttpStatus.OK));
        StepVerifier.create(retry.filter(bug, failing)).verifyErrorMessage("bug");
        assertThat(failing.calls).isEqualTo(1);
    }

    @Test
    void theBackoffDoublesUpToItsBound() {
        assertThat(List.of(retry.backoff(0), retry.backoff(1), retry.backoff(3), retry.backoff(40)))
                .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(500));
    }

    private static Function<ServerWebExchange, Mono<Void>> answer(HttpStatus status) {
        return exchange -> Mono.fromRunnable(() -> exchange.getResponse().setStatusCode(status));
    }

    private static Function<ServerWebExchange, Mono<Void>> fail(Throwable error) {
        return exchange -> Mono.error(error);
    }

    /** The rest of the chain, answering each attempt with the next scripted outcome. */
    private static final class ScriptedUpstream implements GatewayFilterChain {

        private final Deque<Function<ServerWebExchange, Mono<Void>>> outcomes;
        int calls;

        @SafeVarargs
        ScriptedUpstream(Function<ServerWebExchange, Mono<Void>>... outcomes) {
            this.outcomes = new ArrayDeque<>(List.of(outcomes));
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            return Mono.defer(() -> {
                calls++;
                return outcomes.removeFirst().apply(exchange);
            });
        }
    }
}
