package io.tickstream.ingest.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tickstream.ingest.IngestFixtures;
import io.tickstream.ingest.source.SourceCallException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SourceGuardTests {

    private final SourceGuard guard = new SourceGuard("test", IngestFixtures.source("http://unused"));

    @Test
    void retriesRetryableFailuresWithBackoffThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        Mono<String> flaky = Mono.defer(() -> calls.incrementAndGet() < 3
                ? Mono.error(new SourceCallException.Retryable("HTTP 503"))
                : Mono.just("ok"));
        StepVerifier.withVirtualTime(() -> guard.protect(flaky))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(49)) // first backoff is 100ms ± 50% jitter
                .thenAwait(Duration.ofSeconds(5))
                .expectNext("ok")
                .verifyComplete();
        assertThat(calls).hasValue(3);
        assertThat(guard.breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheOriginalError() {
        AtomicInteger calls = new AtomicInteger();
        Mono<String> down = Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.error(new SourceCallException.Retryable("timeout after 500 ms"));
        });
        StepVerifier.withVirtualTime(() -> guard.protect(down))
                .thenAwait(Duration.ofSeconds(10))
                .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(SourceCallException.Retryable.class)
                        .hasMessageContaining("timeout"));
        assertThat(calls).hasValue(3);
    }

    @Test
    void neverRetriesARateLimitNorCountsItAgainstTheBreaker() {
        AtomicInteger calls = new AtomicInteger();
        Mono<String> limited = Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.error(new SourceCallException.RateLimited(429, Duration.ofSeconds(7), "HTTP 429"));
        });
        for (int i = 0; i < 6; i++) {
            StepVerifier.create(guard.protect(limited)).verifyError(SourceCallException.RateLimited.class);
        }
        assertThat(calls).hasValue(6);
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void neverRetriesMalformedOrRejectedAnswers() {
        AtomicInteger calls = new AtomicInteger();
        Mono<String> malformed = Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.error(new SourceCallException.Malformed("malformed JSON"));
        });
        StepVerifier.create(guard.protect(malformed)).verifyError(SourceCallException.Malformed.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void opensAfterRepeatedFailuresAndThenMakesNoCall() {
        AtomicInteger calls = new AtomicInteger();
        Mono<String> broken = Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.error(new SourceCallException.Malformed("not JSON"));
        });
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(guard.protect(broken)).verifyError(SourceCallException.Malformed.class);
        }
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        StepVerifier.create(guard.protect(broken)).verifyError(CallNotPermittedException.class);
        assertThat(calls).hasValue(4);
    }
}
