package io.tickstream.gateway.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.tickstream.gateway.route.RouteProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * A route's circuit breaker and time limit, set explicitly per route (never the 1 s default of a
 * generic time limiter): a call that fails to connect, errors or exceeds the time limit counts as a
 * failure; an open breaker answers at once without calling the upstream. Either way the route's
 * fallback answers, if the response has not started yet. An upstream's own 5xx answers pass through
 * unchanged: the upstream is up and said something. So does an error that is the client's own (a
 * {@link ResponseStatusException} with a 4xx status, e.g. the body limit's 413 raised while the body
 * streams upstream): it is neither counted against the upstream nor answered by the fallback.
 */
public final class RouteBreaker implements GatewayFilter {

    private static final Logger log = LoggerFactory.getLogger(RouteBreaker.class);

    private final CircuitBreaker breaker;
    private final BiFunction<ServerWebExchange, Throwable, Mono<Void>> fallback;
    private final Mono<Long> deadline;
    private final Mono<Void> timedOut;

    public RouteBreaker(String name, RouteProperties.Upstream settings,
            BiFunction<ServerWebExchange, Throwable, Mono<Void>> fallback) {
        this.fallback = fallback;
        this.deadline = Mono.delay(settings.timeout());
        String message = "no answer within " + settings.timeout().toMillis() + " ms";
        this.timedOut = Mono.error(() -> new TimeoutException(message));
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(5, settings.breakerWindow()))
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .ignoreException(RouteBreaker::clientError)
                .build());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        // timeout(Publisher, fallback) rather than timeout(Duration): the latter names the timed-out
        // operator for its message by walking the whole operator chain at every subscription
        return chain.filter(exchange)
                .timeout(deadline, timedOut)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(e -> {
                    if (exchange.getResponse().isCommitted() || clientError(e)) {
                        return Mono.error(e);
                    }
                    log.debug("{} {} failed: {}", breaker.getName(), exchange.getRequest().getPath(), e.toString());
                    return fallback.apply(exchange, e);
                });
    }

    static boolean clientError(Throwable error) {
        return error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError();
    }

    /** The breaker, for its state. */
    public CircuitBreaker breaker() {
        return breaker;
    }
}
