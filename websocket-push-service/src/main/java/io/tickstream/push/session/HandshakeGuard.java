package io.tickstream.push.session;

import io.tickstream.push.auth.InvalidTokenException;
import io.tickstream.push.auth.TokenPrincipal;
import io.tickstream.push.auth.TokenVerifier;
import io.tickstream.push.metrics.PushMetrics;
import io.tickstream.push.stream.StreamTailer;
import io.tickstream.security.forwarded.ClientAddresses;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * Checks a WebSocket handshake before the upgrade (and an SSE request, {@code /sse}, alike), cheapest first; a refusal is an
 * {@code application/problem+json} answer and a {@code tickstream_push_handshakes_rejected_total}
 * count: 503 while the instance starts (its streams not warmed up yet) or shuts down, 403 for an
 * {@code Origin} outside {@code allowedOrigins}, 429 over the handshake rate or the per-address
 * connection limit (the client's address behind trusted proxies: {@code trusted-proxy-hops}), 401 for a missing, bad or expired token (when auth is on).
 */
@Component
@Order(-100)
class HandshakeGuard implements WebFilter {

    /** The SSE endpoint ({@code io.tickstream.push.sse}): its requests pass the same checks as a handshake. */
    static final String SSE_PATH = "/sse";

    private final SessionProperties properties;
    private final SessionRegistry registry;
    private final TokenVerifier tokens;
    private final PushMetrics metrics;
    private final HandshakeRate rate;
    private final StreamTailer tailer;
    private final ClientAddresses addresses;

    HandshakeGuard(SessionProperties properties, SessionRegistry registry, TokenVerifier tokens, PushMetrics metrics,
                   StreamTailer tailer) {
        this.properties = properties;
        this.tailer = tailer;
        this.registry = registry;
        this.tokens = tokens;
        this.metrics = metrics;
        this.rate = new HandshakeRate(properties.handshakesPerSecond(), properties.handshakeBurst(), System.nanoTime());
        this.addresses = properties.clientAddresses();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.equals("/ws") && !path.equals(PushWebSocketHandler.LEGACY_DASHBOARD_PATH) && !path.equals(SSE_PATH)) {
            return chain.filter(exchange);
        }
        if (!registry.accepting()) {
            return refuse(exchange, HttpStatus.SERVICE_UNAVAILABLE, "shutting_down", "this instance is not accepting connections; try another");
        }
        if (!tailer.warmedUp()) {
            return refuse(exchange, HttpStatus.SERVICE_UNAVAILABLE, "warming_up", "this instance is still reading the streams; retry shortly");
        }
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin != null && !properties.allowedOrigins().isEmpty() && !properties.allowedOrigins().contains(origin)) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "origin", "origin not allowed");
        }
        if (!rate.tryAcquire(System.nanoTime())) {
            return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate", "too many handshakes; retry shortly");
        }
        if (registry.connections(addresses.of(exchange.getRequest())) >= properties.maxConnectionsPerIp()) {
            return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "ip_limit", "too many connections from this address");
        }
        if (!tokens.required()) {
            return chain.filter(exchange);
        }
        return tokens.verify(token(exchange))
                .flatMap(principal -> chain.filter(exchange.mutate().principal(Mono.just(principal)).build()))
                .onErrorResume(InvalidTokenException.class,
                        e -> refuse(exchange, HttpStatus.UNAUTHORIZED, "token", e.getMessage()));
    }


    /** The expiry of the token verified at the handshake; {@link Long#MAX_VALUE} without one. */
    static Mono<Long> tokenExpiry(Mono<Principal> principal) {
        return principal.map(p -> p instanceof TokenPrincipal token ? token.expiresAt() : Long.MAX_VALUE)
                .defaultIfEmpty(Long.MAX_VALUE);
    }

    private static String token(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return exchange.getRequest().getQueryParams().getFirst("access_token");
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String reason, String detail) {
        metrics.rejected(reason);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\",\"reason\":\"" + reason + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
