package io.tickstream.gateway.security;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * A valid admin token: signed with the admin secret and not expired (the decoder checks both). Any
 * such token is an admin; the secret is the gateway's alone.
 */
final class AdminTokens {

    private AdminTokens() {
    }

    static Mono<org.springframework.security.authentication.AbstractAuthenticationToken> toAuthentication(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return Mono.error(new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException(
                    "an admin token must expire ('exp' claim)"));
        }
        return Mono.just(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
    }
}
