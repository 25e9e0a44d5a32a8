package io.tickstream.gateway.security;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Authenticates {@code X-Admin-Key: <key>} against the configured admin API key, in constant time.
 * Requests without the header pass on unauthenticated (a bearer token may still authenticate them).
 */
final class AdminApiKeyAuthentication {

    static final String HEADER = "X-Admin-Key";

    private AdminApiKeyAuthentication() {
    }

    static AuthenticationWebFilter filter(String adminApiKey) {
        byte[] expected = adminApiKey.getBytes(StandardCharsets.UTF_8);
        ReactiveAuthenticationManager manager = authentication -> {
            byte[] given = String.valueOf(authentication.getCredentials()).getBytes(StandardCharsets.UTF_8);
            if (expected.length > 0 && MessageDigest.isEqual(expected, given)) {
                return Mono.just(UsernamePasswordAuthenticationToken.authenticated("admin-api-key", null,
                        AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
            }
            return Mono.error(new BadCredentialsException("invalid admin API key"));
        };
        ServerAuthenticationConverter converter = exchange -> Mono.justOrEmpty(
                        exchange.getRequest().getHeaders().getFirst(HEADER))
                .map(key -> UsernamePasswordAuthenticationToken.unauthenticated("admin-api-key", key));
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setServerAuthenticationConverter(converter);
        filter.setAuthenticationFailureHandler((webFilterExchange, e) ->
                SecurityConfiguration.problem(webFilterExchange.getExchange(), org.springframework.http.HttpStatus.UNAUTHORIZED,
                        "invalid admin API key"));
        return filter;
    }
}
