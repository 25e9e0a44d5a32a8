package io.tickstream.gateway.guard;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tickstream.gateway.route.RouteProperties;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class RouteGuardTests {

    /** What the fallback was asked to answer; it answers 503 itself. */
    private final List<Throwable> fallbackCauses = new ArrayList<>();

    private RouteGuard guard(Duration timeout, int retries, int window) {
        return guard(timeout, retries, window, Duration.ofSeconds(10));
    }

    private RouteGuard guard(Duration timeout, int retries, int window, Duration openFor) {
        return new RouteGuard("test", new RouteProperties.Upstream(timeout, retries, window, 50, openFor),
                Duration.ofMillis(50), Duration.ofMillis(500), (exchange, cause) -> {
                    fallbackCauses.add(cause);
                    return Mono.fromRunnable(() -> exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE));
                });
    }

    private final RouteGuard guard = guard(Duration.ofSeconds(5), 2, 20);

    @Test
    void aGetAnswered503IsSentAgainAfterTheBackoffAndTheSecondAnswerStands() {
        MockServerWebExchange exchange = get();
        ScriptedUpstream upstream = new ScriptedUpstream(answer(HttpStatus.SERVICE_UNAVAILABLE), answer(HttpStatus.OK));

        StepVerifier.withVirtualTime(() -> guard.filter(exchange, upstream))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(49))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();

        assertThat(upstream.calls).isEqualTo(2);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(guard.breaker().getMetrics().getNumberOfSuccessfulCalls()).as("one call, retries included").isEqualTo(1);
    }

    @Test
    void connectionErrorsAreRetriedWithAGrowingBackoff() {
        ScriptedUpstream upstream = new ScriptedUpstream(fail(new ConnectException("refused")),
                fail(new RuntimeException("wrapped", new IOException("connection closed"))), answer(HttpStatus.OK));

        StepVerifier.withVirtualTime(() -> guard.filter(get(), upstream))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(50))
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();

        assertThat(upstream.calls).isEqualTo(3);
        assertThat(fallbackCauses).isEmpty();
    }

    @Test
    void afterTheLastRetryTheUpstreamsAnswerStandsAndItsErrorGoesToTheFallback() {
        MockServerWebExchange answered = get();
        ScriptedUpstream busy = new ScriptedUpstream(answer(HttpStatus.BAD_GATEWAY), answer(HttpStatus.GATEWAY_TIMEOUT),
                answer(HttpStatus.SERVICE_UNAVAILABLE));
        StepVerifier.withVirtualTime(() -> guard.filter(answered, busy)).thenAwait(Duration.ofSeconds(1)).verifyComplete();
        assertThat(busy.calls).isEqualTo(3);
        assertThat(answered.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(fallbackCauses).as("the upstream's own 503 is its answer to the client").isEmpty();
        assertThat(guard.breaker().getMetrics().getNumberOfFailedCalls()).as("and a failure to the breaker").isEqualTo(1);

        ScriptedUpstream down = new ScriptedUpstream(fail(new ConnectException("1")), fail(new ConnectException("2")),
                fail(new ConnectException("3")));
        StepVerifier.withVirtualTime(() -> guard.filter(get(), down)).thenAwait(Duration.ofSeconds(1)).verifyComplete();
        assertThat(down.calls).isEqualTo(3);
        assertThat(fallbackCauses).singleElement().satisfies(cause -> assertThat(cause).hasMessage("3"));
        assertThat(guard.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void otherMethodsOtherStatusesAndOtherErrorsAreNotRetried() {
        MockServerWebExchange post = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/echo").body("x"));
        ScriptedUpstream postUpstream = new ScriptedUpstream(answer(HttpStatus.SERVICE_UNAVAILABLE), answer(HttpStatus.OK));
        StepVerifier.create(guard.filter(post, postUpstream)).verifyComplete();
        assertThat(postUpstream.calls).isEqualTo(1);
        assertThat(post.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        MockServerWebExchange withBody = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes")
                .header("Content-Length", "3"));
        ScriptedUpstream withBodyUpstream = new ScriptedUpstream(answer(HttpStatus.SERVICE_UNAVAILABLE), answer(HttpStatus.OK));
        StepVerifier.create(guard.filter(withBody, withBodyUpstream)).verifyComplete();
        assertThat(withBodyUpstream.calls).isEqualTo(1);

        ScriptedUpstream erring = new ScriptedUpstream(answer(HttpStatus.INTERNAL_SERVER_ERROR), answer(HttpStatus.OK));
        StepVerifier.create(guard.filter(get(), erring)).verifyComplete();
        assertThat(erring.calls).isEqualTo(1);

        ScriptedUpstream failing = new ScriptedUpstream(fail(new IllegalStateException("bug")), answer(HttpStatus.OK));
        StepVerifier.create(guard.filter(get(), failing)).verifyComplete();
        assertThat(failing.calls).isEqualTo(1);
        assertThat(fallbackCauses).singleElement().satisfies(cause -> assertThat(cause).hasMessage("bug"));
    }

    @Test
    void theTimeLimitCancelsTheCallAndTheFallbackAnswers() {
        PublisherProbe<Void> hanging = PublisherProbe.of(Mono.never());
        MockServerWebExchange exchange = get();
        RouteGuard limited = guard(Duration.ofMillis(300), 2, 20);

        StepVerifier.withVirtualTime(() -> limited.filter(exchange, e -> hanging.mono()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(299))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();

        hanging.assertWasCancelled();
        assertThat(fallbackCauses).singleElement().isInstanceOf(TimeoutException.class);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(limited.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void theTimeLimitCoversTheRetriesAndTheirWaits() {
        RouteGuard limited = guard(Duration.ofMillis(120), 5, 20);
        ScriptedUpstream refusing = new ScriptedUpstream(fail(new ConnectException("1")), fail(new ConnectException("2")),
                fail(new ConnectException("3")), fail(new ConnectException("4")));

        StepVerifier.withVirtualTime(() -> limited.filter(get(), refusing))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(120))
                .verifyComplete();

        assertThat(refusing.calls).as("attempts at 0 and 50 ms; the next would be at 150 ms").isEqualTo(2);
        assertThat(fallbackCauses).singleElement().isInstanceOf(TimeoutException.class);
    }

    @Test
    void failuresOpenTheBreakerAndAnOpenBreakerAnswersWithoutCallingTheUpstream() {
        RouteGuard small = guard(Duration.ofSeconds(5), 0, 5);
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(small.filter(get(), new ScriptedUpstream(fail(new IllegalStateException("down"))))).verifyComplete();
        }
        assertThat(small.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        ScriptedUpstream untouched = new ScriptedUpstream(answer(HttpStatus.OK));
        MockServerWebExchange exchange = get();
        StepVerifier.create(small.filter(exchange, untouched)).verifyComplete();

        assertThat(untouched.calls).isZero();
        assertThat(fallbackCauses).hasSize(6).last().isInstanceOf(CallNotPermittedException.class);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void upstream5xxAnswersOpenTheBreakerWithinItsMinimumCallsThenTheFallbackAnswersAtOnceAndTrialsCloseItAgain() {
        RouteGuard guard = guard(Duration.ofSeconds(5), 0, 20, Duration.ofMillis(300));
        for (int i = 0; i < 4; i++) {
            MockServerWebExchange exchange = get();
            StepVerifier.create(guard.filter(exchange, new ScriptedUpstream(answer(HttpStatus.INTERNAL_SERVER_ERROR)))).verifyComplete();
            assertThat(exchange.getResponse().getStatusCode()).as("the upstream's answer reaches the client").isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
            assertThat(guard.breaker().getState()).as("call %d of the 5 it needs", i + 1).isEqualTo(CircuitBreaker.State.CLOSED);
        }
        StepVerifier.create(guard.filter(get(), new ScriptedUpstream(answer(HttpStatus.BAD_GATEWAY)))).verifyComplete();
        assertThat(guard.breaker().getState()).as("5 calls, all failed").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fallbackCauses).isEmpty();

        // open: the fallback answers without the upstream, at once
        ScriptedUpstream untouched = new ScriptedUpstream(answer(HttpStatus.OK));
        MockServerWebExchange refused = get();
        long started = System.nanoTime();
        StepVerifier.create(guard.filter(refused, untouched)).verifyComplete();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        assertThat(untouched.calls).isZero();
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(fallbackCauses).singleElement().isInstanceOf(CallNotPermittedException.class);

        // after breaker-open-for: half-open, two trial calls reach the upstream; two successes close it
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ScriptedUpstream trial = new ScriptedUpstream(answer(HttpStatus.OK));
            guard.filter(get(), trial).block(Duration.ofSeconds(1));
            return trial.calls == 1;
        });
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        ScriptedUpstream second = new ScriptedUpstream(answer(HttpStatus.OK));
        StepVerifier.create(guard.filter(get(), second)).verifyComplete();
        assertThat(second.calls).isEqualTo(1);
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aTrialCallAnswered5xxOpensTheBreakerAgain() {
        RouteGuard guard = guard(Duration.ofSeconds(5), 0, 5, Duration.ofMillis(200));
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(guard.filter(get(), new ScriptedUpstream(answer(HttpStatus.SERVICE_UNAVAILABLE)))).verifyComplete();
        }
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        guard.breaker().transitionToHalfOpenState();
        StepVerifier.create(guard.filter(get(), new ScriptedUpstream(answer(HttpStatus.OK)))).verifyComplete();
        StepVerifier.create(guard.filter(get(), new ScriptedUpstream(answer(HttpStatus.INTERNAL_SERVER_ERROR)))).verifyComplete();
        assertThat(guard.breaker().getState()).as("one of the two trials failed").isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void answersBelow500AreSuccesses() {
        RouteGuard guard = guard(Duration.ofSeconds(5), 0, 5);
        for (HttpStatus status : new HttpStatus[]{HttpStatus.OK, HttpStatus.NOT_FOUND, HttpStatus.BAD_REQUEST, HttpStatus.TOO_MANY_REQUESTS,
                HttpStatus.NOT_MODIFIED}) {
            StepVerifier.create(guard.filter(get(), new ScriptedUpstream(answer(status)))).verifyComplete();
        }
        assertThat(guard.breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(5);
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theClientsOwnErrorPassesThroughUncounted() {
        ResponseStatusException tooLarge = new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE);
        StepVerifier.create(guard.filter(get(), new ScriptedUpstream(fail(tooLarge)))).verifyErrorSatisfies(
                error -> assertThat(error).isSameAs(tooLarge));

        assertThat(fallbackCauses).isEmpty();
        assertThat(guard.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(guard.breaker().getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void onceTheResponseHasStartedAFailureIsTheCallersErrorNotAFallback() {
        MockServerWebExchange exchange = get();
        ScriptedUpstream breaksMidway = new ScriptedUpstream(ex -> ex.getResponse().setComplete()
                .then(Mono.error(new IOException("connection reset"))));

        StepVerifier.create(guard.filter(exchange, breaksMidway)).verifyErrorMessage("connection reset");

        assertThat(breaksMidway.calls).as("not retried once committed").isEqualTo(1);
        assertThat(fallbackCauses).isEmpty();
        assertThat(guard.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void aClientThatGoesAwayCancelsTheCallAndReleasesItsPermission() {
        PublisherProbe<Void> hanging = PublisherProbe.of(Mono.never());

        StepVerifier.create(guard.filter(get(), e -> hanging.mono()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .thenCancel()
                .verify();

        hanging.assertWasCancelled();
        assertThat(guard.breaker().getMetrics().getNumberOfBufferedCalls()).isZero();
        assertThat(fallbackCauses).isEmpty();
    }

    @Test
    void theBackoffDoublesUpToItsBound() {
        assertThat(List.of(guard.backoff(0), guard.backoff(1), guard.backoff(3), guard.backoff(40)))
                .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(500));
    }

    private static MockServerWebExchange get() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC"));
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
