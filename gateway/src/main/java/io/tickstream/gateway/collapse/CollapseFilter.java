package io.tickstream.gateway.collapse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.gateway.loop.ConnectionTimer;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * Collapsed forwarding: a GET that arrives while an identical GET of the same route is on its way
 * upstream waits for that answer and gets a copy of it, instead of a call of its own. A thousand
 * dashboards asking for BTC at once cost the query service one call per round trip, not a thousand.
 * <p>
 * Identical means the same route, path, query, {@code Accept} and {@code Accept-Encoding}. Never
 * collapsed: other methods, and requests with {@code Authorization}, {@code Cookie}, {@code Range} or a
 * condition ({@code If-None-Match}, {@code If-Modified-Since}), whose answers may be the caller's own.
 * Never shared: answers that set a cookie, are {@code private} or {@code no-store}, vary on other
 * request headers, are streamed or larger than {@code max-body-size}, and the gateway's own answers
 * (fallbacks, problems); the waiting reads then make their own calls, as they do past {@code wait-limit}.
 * Nothing outlives the call: a read never gets an answer that the upstream gave before that read's
 * wait began, give or take the one round trip it joined.
 * <p>
 * Runs after the rate limit (each caller still spends its own token) and outside Spring Cloud Gateway's
 * response writer ({@link #ORDER}), so that it sees the upstream's body. Every caller's own headers
 * (rate limit, security, CORS) are its own.
 */
@Component
public class CollapseFilter implements GatewayFilter {

    /** Just outside {@link NettyWriteResponseFilter}, which writes the upstream's body. */
    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

    private final CollapseProperties properties;
    private final InFlightReads reads;
    private final int maxBodyBytes;
    private final long waitLimitNanos;
    private final Counter shared;

    public CollapseFilter(CollapseProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.reads = new InFlightReads(properties.maxInFlight());
        this.maxBodyBytes = Math.toIntExact(properties.maxBodySize().toBytes());
        this.waitLimitNanos = properties.waitLimit().toNanos();
        this.shared = meters.counter("tickstream.gateway.collapse.shared");
        meters.gauge("tickstream.gateway.collapse.in.flight", reads, InFlightReads::size);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!properties.enabled() || !collapsible(request)) {
            return chain.filter(exchange);
        }
        String key = key(exchange, request);
        Flight flight = reads.current(key);
        if (flight == null) {
            Flight mine = reads.lead(key);
            if (mine != null) {
                return lead(exchange, chain, mine);
            }
            flight = reads.current(key); // another read of the key was first, or as many as allowed are under way
            if (flight == null) {
                return chain.filter(exchange);
            }
        }
        return follow(exchange, chain, flight);
    }

    /** GETs whose answer does not depend on who asks, nor on what the caller already has. */
    static boolean collapsible(ServerHttpRequest request) {
        if (request.getMethod() != HttpMethod.GET) {
            return false;
        }
        HttpHeaders headers = request.getHeaders();
        return !headers.containsHeader(HttpHeaders.AUTHORIZATION) && !headers.containsHeader(HttpHeaders.COOKIE)
                && !headers.containsHeader(HttpHeaders.RANGE) && !headers.containsHeader(HttpHeaders.IF_NONE_MATCH)
                && !headers.containsHeader(HttpHeaders.IF_MODIFIED_SINCE);
    }

    static String key(ServerWebExchange exchange, ServerHttpRequest request) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        URI uri = request.getURI();
        StringBuilder key = new StringBuilder(96);
        key.append(route == null ? "" : route.getId()).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            key.append('?').append(uri.getRawQuery());
        }
        HttpHeaders headers = request.getHeaders();
        appendValues(key.append('\n'), headers.get(HttpHeaders.ACCEPT));
        appendValues(key.append('\n'), headers.get(HttpHeaders.ACCEPT_ENCODING));
        return key.toString();
    }

    private static void appendValues(StringBuilder key, List<String> values) {
        if (values != null) {
            for (String value : values) {
                key.append(value).append(',');
            }
        }
    }

    private Mono<Void> lead(ServerWebExchange exchange, GatewayFilterChain chain, Flight flight) {
        flight.deadline(ConnectionTimer.of(exchange).schedule(() -> reads.land(flight, SharedAnswer.NONE), waitLimitNanos));
        ServerWebExchange capturing = exchange.mutate()
                .response(new CapturingResponse(exchange, flight, reads, maxBodyBytes))
                .build();
        return chain.filter(capturing).doFinally(signal -> reads.land(flight, SharedAnswer.NONE));
    }

    private Mono<Void> follow(ServerWebExchange exchange, GatewayFilterChain chain, Flight flight) {
        return flight.answer().flatMap(answer -> answer == SharedAnswer.NONE ? chain.filter(exchange) : write(exchange, answer));
    }

    private Mono<Void> write(ServerWebExchange exchange, SharedAnswer answer) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
        HttpHeaders headers = response.getHeaders();
        answer.copyHeadersTo(headers);
        headers.setContentLength(answer.body().length);
        shared.increment();
        return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
    }
}
