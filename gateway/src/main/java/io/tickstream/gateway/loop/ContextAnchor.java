package io.tickstream.gateway.loop;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.function.Function;

/**
 * Keeps the request's Reactor context at hand for the handler below the web filters: the last web filter,
 * it writes the context it was given unchanged, so the subscriber it puts there holds it. Without it every
 * operator below (the route lookup's {@code filterWhen}, which looks for a discard hook on every request,
 * Reactor Netty's send and connect operators, the gateway filters) that asks for its context walks the
 * chain of subscribers up to the observation at the top of the server's handler, one call per operator:
 * ~6 % of the gateway's CPU on a proxied call in a profile, besides the guard's own (docs/benchmarks.md).
 * The context's content is unchanged, so nothing that reads it sees a difference. (With Reactor's automatic
 * context propagation switched on, {@code contextWrite} also restores thread locals: still correct, dearer.)
 */
@Component
class ContextAnchor implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).contextWrite(Function.identity());
    }

    /** After every other web filter, so that it is the nearest holder of the context for the handler. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
