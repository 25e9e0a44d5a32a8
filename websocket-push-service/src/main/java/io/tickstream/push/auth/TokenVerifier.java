package io.tickstream.push.auth;

import reactor.core.publisher.Mono;

/** Checks the token presented at the handshake. */
public interface TokenVerifier {

    /** Whether a token is asked for at all. */
    boolean required();

    /**
     * The token's expiry (epoch ms, {@link Long#MAX_VALUE} when it has none), or an error
     * {@link InvalidTokenException} saying why it is refused.
     */
    Mono<Long> verify(String token);
}
