package io.tickstream.ingest.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceProperties;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * The resilience around one source's polls, independent of every other source: retries with
 * exponential backoff and jitter for {@link SourceCallException.Retryable} failures (5xx, timeouts,
 * refused connections) within a poll, then a circuit breaker over polls. Rate limits are not retried
 * and not counted as breaker failures: the throttle's pause already keeps calls away.
 */
public final class SourceGuard {

    private final CircuitBreaker breaker;
    private final RetryBackoffSpec retry;

    public SourceGuard(String source, SourceProperties properties) {
        SourceProperties.BreakerPolicy policy = properties.breaker();
        this.breaker = CircuitBreaker.of(source, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.windowSize())
                .minimumNumberOfCalls(Math.min(policy.minimumCalls(), policy.windowSize()))
                .failureRateThreshold(policy.failureRatePercent())
                .waitDurationInOpenState(policy.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreExceptions(SourceCallException.RateLimited.class)
                .build());
        SourceProperties.RetryPolicy retryPolicy = properties.retry();
        this.retry = Retry.backoff(retryPolicy.maxAttempts(), retryPolicy.minBackoff())
                .maxBackoff(retryPolicy.maxBackoff())
                .jitter(retryPolicy.jitter())
                .filter(SourceCallException.Retryable.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /** {@code call} with retries inside and the breaker outside: one poll is one breaker call. */
    public <T> Mono<T> protect(Mono<T> call) {
        return call.retryWhen(retry).transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    /** The breaker, for its state and events. */
    public CircuitBreaker breaker() {
        return breaker;
    }
}
