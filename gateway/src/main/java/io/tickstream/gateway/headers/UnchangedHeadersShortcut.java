package io.tickstream.gateway.headers;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Lets two of Spring Cloud Gateway's header passes hand the headers on as they are when they have nothing to
 * remove, instead of copying every header into a new case-insensitive map to drop none. Most proxied calls
 * carry no hop-by-hop header (request and answer) and no {@code Forwarded} header (request), yet both passes
 * copied all of them on every call: 11 % of the gateway's CPU on a proxied call in a profile
 * (docs/benchmarks.md). Whenever there is something to remove, the original filter runs as before, so
 * what reaches the upstream and the client is unchanged. The replacements are subclasses of the originals
 * with their settings (headers to remove, order), so whatever looks them up by type still finds them.
 */
@Component
class UnchangedHeadersShortcut implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RemoveHopByHopHeadersFilter original && !(bean instanceof HopByHop)) {
            return new HopByHop(original);
        }
        if (bean instanceof RemoveForwardedHeadersFilter && !(bean instanceof Forwarded)) {
            return new Forwarded();
        }
        return bean;
    }

    /** Removes hop-by-hop headers (and those a {@code Connection} header names) only when there are any. */
    static final class HopByHop extends RemoveHopByHopHeadersFilter {

        HopByHop(RemoveHopByHopHeadersFilter original) {
            setHeaders(original.getHeaders());
            setOrder(original.getOrder());
        }

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            return anyToRemove(input) ? super.filter(input, exchange) : input;
        }

        private boolean anyToRemove(HttpHeaders input) {
            if (input.containsHeader(HttpHeaders.CONNECTION)) {
                return true; // the headers it names go too: the original pass works that out
            }
            for (String name : getHeaders()) {
                if (input.containsHeader(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Removes a {@code Forwarded} request header only when there is one. */
    static final class Forwarded extends RemoveForwardedHeadersFilter {

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            return input.containsHeader("Forwarded") ? super.filter(input, exchange) : input;
        }
    }
}
