package io.tickstream.gateway.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * One access-log line per routed request: route, method, path, status, latency, and the W3C trace id
 * when the request carries one. Query strings are left out (they may carry keys). Written by
 * {@link AccessLogWriter}; the level of logger {@code tickstream.access} switches the lines on and off.
 */
final class AccessLogFilter implements GlobalFilter, Ordered {

    /** Only its level is used: INFO (the default) writes lines, OFF or WARN does not. */
    private static final Logger switchLogger = LoggerFactory.getLogger("tickstream.access");

    private final AccessLogWriter writer;

    AccessLogFilter(AccessLogWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!switchLogger.isInfoEnabled()) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> writer.offer(line(exchange, start)));
    }

    private static AccessLogLine line(ServerWebExchange exchange, long start) {
        long micros = (System.nanoTime() - start) / 1000;
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return new AccessLogLine(System.currentTimeMillis(), route == null ? "-" : route.getId(),
                exchange.getRequest().getMethod().name(), exchange.getRequest().getPath().value(),
                status == null ? 0 : status.value(), micros,
                AccessLogLine.traceId(exchange.getRequest().getHeaders().getFirst("traceparent")));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
