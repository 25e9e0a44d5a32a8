package io.tickstream.security.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * Requires an admin ({@link AdminCredentials}) on every {@code /admin/**} request of a service, whoever
 * reaches its port: 401 {@code application/problem+json} with {@code WWW-Authenticate: Bearer} otherwise,
 * before any handler runs (the first filter of the chain). Other paths pass untouched.
 */
public final class AdminAccessFilter implements WebFilter, Ordered {

    /** First of all filters: nothing of an admin request runs before the check. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private static final Logger log = LoggerFactory.getLogger(AdminAccessFilter.class);

    private final AdminCredentials credentials;

    public AdminAccessFilter(AdminCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!AdminPaths.isAdmin(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return switch (credentials.check(exchange.getRequest().getHeaders())) {
            case AdminCredentials.Verdict.Admin admin -> chain.filter(exchange);
            case AdminCredentials.Verdict.Refused refused -> {
                log.debug("admin request {} {} refused: {}", exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath().value(), refused.reason());
                yield unauthorized(exchange, refused.reason());
            }
        };
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.getHeaders().setCacheControl("no-store");
        String body = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                + json(detail) + "\",\"instance\":\"" + json(exchange.getRequest().getPath().value()) + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
