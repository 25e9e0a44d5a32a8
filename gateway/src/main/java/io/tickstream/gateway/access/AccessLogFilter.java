package io.tickstream.gateway.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * One access-log line per routed request, on logger {@code tickstream.access}: route, method, path,
 * status, latency, and the W3C trace id when the request carries one. Query strings are left out
 * (they may carry keys).
 */
@Component
class AccessLogFilter implements GlobalFilter, Ordered {

    private static final Logger access = LoggerFactory.getLogger("tickstream.access");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            var status = exchange.getResponse().getStatusCode();
            String traceparent = exchange.getRequest().getHeaders().getFirst("traceparent");
            access.info("route={} method={} path={} status={} latencyMs={} trace={}",
                    route == null ? "-" : route.getId(), exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), status == null ? "-" : status.value(),
                    (System.nanoTime() - start) / 1_000_000, traceparent == null ? "-" : traceparent.split("-")[1]);
        });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
