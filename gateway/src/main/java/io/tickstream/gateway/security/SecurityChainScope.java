package io.tickstream.gateway.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps Spring Security's filter chain, firewall included, off the plain quote reads. Its only chain
 * applies to {@code /admin/**} ({@link SecurityConfiguration}), yet the proxy in front of it wraps every
 * request in its firewall and looks for a matching chain through half a dozen reactive operators: on
 * {@code GET /api/v1/quotes/BTC} about 10 µs of the gateway's CPU per request (docs/benchmarks.md).
 *
 * <p>A request skips it only when it plainly cannot concern the chain or the firewall: a {@code GET} or
 * {@code HEAD} under {@code /api/} whose raw path has nothing to normalize or decode (no {@code //},
 * dot segments, {@code %}, {@code ;} or {@code \}). Everything else, {@code /admin/**} and any path the
 * firewall would have an opinion on included, goes through the chain as before. Header names and values
 * are still checked by the HTTP decoder, which refuses control characters.
 */
final class SecurityChainScope implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof WebFilterChainProxy chain ? new Scoped(chain) : bean;
    }

    /** True when the request needs neither the admin chain nor the firewall. */
    static boolean plainDataRead(ServerWebExchange exchange) {
        String method = exchange.getRequest().getMethod().name();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        String path = exchange.getRequest().getURI().getRawPath();
        if (path == null || !path.startsWith("/api/")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '\\' || c < 0x21 || c > 0x7e) {
                return false;
            }
            if (c == '/' && i + 1 < path.length()) {
                char next = path.charAt(i + 1);
                if (next == '/' || next == '.') {
                    return false;
                }
            }
        }
        return true;
    }

    /** The proxy, run for everything but plain data reads; same place in the filter order. */
    private static final class Scoped implements WebFilter, Ordered {

        /** {@code WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}, which is not public. */
        static final int CHAIN_ORDER = -100;

        private final WebFilterChainProxy chain;

        Scoped(WebFilterChainProxy chain) {
            this.chain = chain;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain next) {
            return plainDataRead(exchange) ? next.filter(exchange) : chain.filter(exchange, next);
        }

        @Override
        public int getOrder() {
            return CHAIN_ORDER;
        }
    }
}
