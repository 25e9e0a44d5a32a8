package io.tickstream.gateway.guard;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * A route's protection, in one operator per request ({@link GuardedCall}): a circuit breaker
 * (Resilience4j's state machine), a time limit set explicitly per route (never the 1 s default of a
 * generic time limiter), and retries of idempotent GETs.
 * <ul>
 *   <li>The time limit bounds the whole call, retries and their waits included, up to the upstream's
 *   status line and headers. It is a timer on the event loop of the client's connection, not on a
 *   shared scheduler.</li>
 *   <li>A {@code GET} without a body is sent again when its upstream could not be reached or the
 *   connection broke ({@link IOException}, as cause too), or when the upstream answered 502, 503 or 504,
 *   as long as nothing has reached the client: up to {@code retries} more attempts, {@code firstBackoff}
 *   before the first retry, doubling up to {@code maxBackoff}. After the last attempt the upstream's own
 *   answer, or error, stands.</li>
 *   <li>The breaker counts each call once, retries included: an error, the time limit or a final 5xx
 *   answer of the upstream is a failure (the 5xx itself still reaches the client: it is already on its way);
 *   an open breaker answers at once, by the fallback, without calling the upstream. With the defaults
 *   ({@code breaker-window} 20, {@code breaker-failure-rate} 50) it opens after 5 calls of which at least
 *   half failed (fewer when the window is smaller than 5: the window), stays open for
 *   {@code breaker-open-for}, then lets 2 trial calls through (half-open): both must succeed to close it,
 *   one failure opens it again. An error that is the client's own
 *   (a {@link ResponseStatusException} with a 4xx status, e.g. the body limit's 413 raised while the
 *   body streams upstream) is neither counted nor answered by the fallback.</li>
 *   <li>On a failure the route's fallback answers, if the response has not started yet.</li>
 * </ul>
 *
 * <p>One operator instead of a chain of them (Reactor's {@code timeout} on the parallel scheduler,
 * Resilience4j's {@code CircuitBreakerOperator}, a retry filter's own operators): in a profile of the
 * quotes route Resilience4j's operator alone took about 11 µs of CPU per request, much of it walking the
 * subscriber chain for its context (docs/benchmarks.md). It was kept, not replaced by
 * {@code CircuitBreakerOperator} + {@code timeout} + {@code retryWhen} (issue 21), because that chain is not
 * a drop-in: a retry must reset the exchange ({@code ServerWebExchangeUtils.reset}) and may only happen while
 * nothing reached the client, the status to judge is on the exchange (the chain completes empty), the breaker
 * must count a committed 5xx as a failure without an error signal reaching the client, and the timers run on
 * the connection's event loop; all of that would be hand-written around the operators anyway, and pay their
 * per-request cost on top. The state machine itself is Resilience4j's.
 */
public final class RouteGuard implements GatewayFilter {

    private final CircuitBreaker breaker;
    private final long timeoutNanos;
    private final int retries;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final BiFunction<ServerWebExchange, Throwable, Mono<Void>> fallback;

    /**
     * @param name         the breaker's name (its metrics and logs)
     * @param settings     the route's time limit, retries and breaker
     * @param firstBackoff wait before the first retry, doubled before each further one
     * @param maxBackoff   the longest wait between two attempts
     * @param fallback     answers a failed call whose response has not started
     */
    public RouteGuard(String name, GuardSettings settings, Duration firstBackoff, Duration maxBackoff,
            BiFunction<ServerWebExchange, Throwable, Mono<Void>> fallback) {
        if (settings.retries() < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        this.timeoutNanos = settings.timeout().toNanos();
        this.retries = settings.retries();
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.fallback = fallback;
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(5, settings.breakerWindow()))
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .ignoreException(RouteGuard::clientError)
                .build());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return new GuardedCall(this, exchange, chain);
    }

    /** The breaker, for its state. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    /** Retries allowed for this request: none unless it is a GET known to have no body. */
    int retriesFor(ServerHttpRequest request) {
        if (retries == 0 || request.getMethod() != HttpMethod.GET) {
            return 0;
        }
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING) ? retries : 0;
    }

    /** Wait before retry number {@code retried + 1}. */
    Duration backoff(int retried) {
        Duration next = firstBackoff.multipliedBy(1L << Math.min(retried, 20));
        return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
    }

    Mono<Void> fallback(ServerWebExchange exchange, Throwable cause) {
        return fallback.apply(exchange, cause);
    }

    Mono<Void> refused(ServerWebExchange exchange) {
        return fallback.apply(exchange, CallNotPermittedException.createCallNotPermittedException(breaker));
    }

    static boolean clientError(Throwable error) {
        return error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError();
    }

    static boolean retryableError(Throwable error) {
        return error instanceof IOException || error.getCause() instanceof IOException;
    }

    static boolean retryableStatus(int status) {
        return status == 502 || status == 503 || status == 504;
    }
}
