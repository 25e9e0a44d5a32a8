package io.tickstream.gateway.retry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;

/**
 * Retries a {@code GET} without a body when its upstream could not be reached or the connection broke
 * ({@link IOException}, as cause too), or when the upstream answered 502, 503 or 504, as long as
 * nothing has reached the client yet: up to {@code retries} more attempts, {@code firstBackoff} before
 * the first retry, doubling up to {@code maxBackoff}. Every other request passes straight through.
 * After the last attempt the upstream's own answer, or error, stands.
 *
 * <p>Spring Cloud Gateway's {@code Retry} filter is not used on purpose: it switches on request-body
 * caching for its whole route (every request's body joined into one buffer before routing, POSTs
 * included, retried or not) and wraps every request in {@code retryWhen} plus {@code repeatWhen}, each
 * with a companion sink of its own. On the quotes route that cost the gateway about a third of its CPU
 * per request. Here a first attempt that succeeds costs two operators; timers exist only while a retry
 * waits.
 */
public final class GetRetryFilter implements GatewayFilter {

    private static final RetryableStatus RETRYABLE_STATUS = new RetryableStatus();

    private final int retries;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    /**
     * @param retries      attempts after the first; 0 turns the filter into a pass-through
     * @param firstBackoff wait before the first retry, doubled before each further one
     * @param maxBackoff   the longest wait between two attempts
     */
    public GetRetryFilter(int retries, Duration firstBackoff, Duration maxBackoff) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        this.retries = retries;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (retries == 0 || !repeatable(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return attempt(exchange, chain, 0);
    }

    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, int retried) {
        Mono<Void> call = chain.filter(exchange);
        if (retried >= retries) {
            return call;
        }
        // the routing filter has set the upstream's status by the time the chain completes; the body
        // is written later, further out, so a retryable answer can still be thrown away here
        return call
                .then(Mono.defer(() -> retryableStatus(exchange) ? Mono.<Void>error(RETRYABLE_STATUS) : Mono.empty()))
                .onErrorResume(e -> !exchange.getResponse().isCommitted() && retryable(e), e -> {
                    ServerWebExchangeUtils.reset(exchange);
                    return Mono.delay(backoff(retried)).then(attempt(exchange, chain, retried + 1));
                });
    }

    /** Wait before retry number {@code retried + 1}. */
    Duration backoff(int retried) {
        Duration next = firstBackoff.multipliedBy(1L << Math.min(retried, 20));
        return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
    }

    /** A GET whose body, if any, is known to be empty: sending it again sends the same request. */
    private static boolean repeatable(ServerHttpRequest request) {
        if (request.getMethod() != HttpMethod.GET) {
            return false;
        }
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean retryableStatus(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null && (status.value() == HttpStatus.BAD_GATEWAY.value()
                || status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()
                || status.value() == HttpStatus.GATEWAY_TIMEOUT.value());
    }

    private static boolean retryable(Throwable error) {
        return error == RETRYABLE_STATUS || error instanceof IOException || error.getCause() instanceof IOException;
    }

    /** Internal signal: the upstream's answer asks for another attempt. */
    private static final class RetryableStatus extends RuntimeException {
        RetryableStatus() {
            super("retryable upstream status", null, false, false);
        }
    }
}
