package io.tickstream.push.auth;

import reactor.core.publisher.Mono;

/** Checks the token presented at the handshake. */
public interface TokenVerifier {

    /** Whether a token is asked for at all. */
    boolean required();

    /** Who the token names and when it expires, or an {@link InvalidTokenException} saying why it is refused. */
    Mono<TokenPrincipal> verify(String token);
}
