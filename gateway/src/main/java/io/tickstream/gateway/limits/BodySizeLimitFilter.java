package io.tickstream.gateway.limits;

import io.tickstream.gateway.problem.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses request bodies over {@code maxBodySize} with 413: at once when {@code Content-Length} says
 * so, and for chunked bodies as soon as the bytes read pass the limit (the body is cut off there, never
 * buffered whole).
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;

    BodySizeLimitFilter(RequestLimitsProperties limits) {
        this.maxBytes = limits.maxBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange);
        }
        // only a chunked body can outgrow the limit unannounced; everything else passes undecorated
        if (declared >= 0 || !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        AtomicLong read = new AtomicLong();
        ServerHttpRequest counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                // map, not handle: handle would also hand the refused buffer to the discard hook, and it
                // would be released twice
                return super.getBody().map(buffer -> {
                    if (read.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        throw new BodyTooLargeException();
                    }
                    return buffer;
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(BodyTooLargeException.class, e -> tooLarge(exchange))
                .onErrorResume(e -> read.get() > maxBytes, e -> tooLarge(exchange));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return ProblemResponses.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                "request body larger than " + maxBytes + " bytes");
    }

    /** Runs before everything else, security included: an oversized body is refused unread. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * A 413 status error, so that whatever it passes through on its way back here (the route's breaker)
     * sees the client's mistake rather than an upstream failure.
     */
    private static final class BodyTooLargeException extends ResponseStatusException {
        BodyTooLargeException() {
            super(HttpStatus.CONTENT_TOO_LARGE, "request body too large");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
