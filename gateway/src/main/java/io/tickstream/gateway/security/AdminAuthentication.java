package io.tickstream.gateway.security;

import io.tickstream.security.admin.AdminCredentials;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import reactor.core.publisher.Mono;

/**
 * Authenticates an admin by the suite's one rule ({@link AdminCredentials}, shared with every service, which
 * checks the same credentials again when the gateway forwards them): {@code Authorization: Bearer <jwt>} or
 * {@code X-Admin-Key}. Requests with neither pass on unauthenticated, and the entry point answers 401.
 */
final class AdminAuthentication {

    private AdminAuthentication() {
    }

    static AuthenticationWebFilter filter(AdminCredentials credentials) {
        ReactiveAuthenticationManager manager = authentication -> {
            HttpHeaders headers = (HttpHeaders) authentication.getCredentials();
            return switch (credentials.check(headers)) {
                case AdminCredentials.Verdict.Admin admin -> Mono.just(UsernamePasswordAuthenticationToken.authenticated(
                        admin.principal(), null, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
                case AdminCredentials.Verdict.Refused refused -> Mono.error(new BadCredentialsException(refused.reason()));
            };
        };
        ServerAuthenticationConverter converter = exchange -> {
            HttpHeaders headers = exchange.getRequest().getHeaders();
            String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
            boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
            if (!bearer && headers.getFirst(AdminCredentials.API_KEY_HEADER) == null) {
                return Mono.empty();
            }
            return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated("admin", headers));
        };
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setServerAuthenticationConverter(converter);
        filter.setAuthenticationFailureHandler((webFilterExchange, e) ->
                SecurityConfiguration.problem(webFilterExchange.getExchange(), HttpStatus.UNAUTHORIZED, e.getMessage()));
        return filter;
    }
}
