package io.tickstream.push.auth;

import java.security.Principal;

/**
 * The client a verified token names, carried from the handshake to the connection as the exchange's
 * principal.
 *
 * @param name      the token's {@code sub}, or {@code anonymous}
 * @param expiresAt the token's {@code exp} in epoch ms; {@link Long#MAX_VALUE} when it has none
 */
public record TokenPrincipal(String name, long expiresAt) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
