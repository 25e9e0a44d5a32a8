package io.tickstream.push.auth;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Optional JWT at the handshake, under {@code tickstream.push.auth.}. The token comes in
 * {@code Authorization: Bearer <jwt>} or, for browsers (which cannot set headers on a WebSocket), the
 * {@code access_token} query parameter. A missing, malformed, badly signed or expired token gets
 * HTTP 401 before the upgrade; an open connection is closed with 4001 when its token's {@code exp}
 * passes.
 *
 * @param mode         {@code none} (default: no token asked), {@code hmac} (HS256/384/512 with
 *                     {@code secret}) or {@code jwks} (RS/ES keys from {@code jwksUri})
 * @param secret       the shared HMAC secret, at least 32 bytes for HS256; default empty
 * @param jwksUri      where the JSON Web Key Set is served; default empty
 * @param jwksRefresh  how long fetched keys are kept before fetching again; default 5 min
 * @param jwksTimeout  timeout of one JWKS fetch; default 5 s
 * @param issuer       required {@code iss} when not empty; default empty
 * @param audience     required {@code aud} when not empty; default empty
 * @param clockSkew    tolerance on {@code exp}/{@code nbf} at the handshake; default 30 s
 * @param requireExpiry a token without {@code exp} is refused (401 at the handshake): it would keep a
 *                     connection open for ever; default true. False accepts such tokens (connections then end only
 *                     when the client or the server closes them)
 */
@Validated
@ConfigurationProperties("tickstream.push.auth")
public record AuthProperties(
        @DefaultValue("none") @NotNull Mode mode,
        @DefaultValue("") String secret,
        @DefaultValue("") String jwksUri,
        @DefaultValue("5m") @NotNull Duration jwksRefresh,
        @DefaultValue("5s") @NotNull Duration jwksTimeout,
        @DefaultValue("") String issuer,
        @DefaultValue("") String audience,
        @DefaultValue("30s") @NotNull Duration clockSkew,
        @DefaultValue("true") boolean requireExpiry) {

    /** The secret never prints (a record shows every component otherwise). */
    @Override
    public String toString() {
        return "AuthProperties[mode=" + mode + ", secret=" + (secret.isEmpty() ? "none" : "***") + ", jwksUri=" + jwksUri
                + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew + ", requireExpiry="
                + requireExpiry + "]";
    }

    /** How tokens are checked. */
    public enum Mode { NONE, HMAC, JWKS }
}
