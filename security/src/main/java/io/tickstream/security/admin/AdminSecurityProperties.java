package io.tickstream.security.admin;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Who is an admin, under {@code tickstream.admin.}: the same settings in every service and in the gateway,
 * which forwards the caller's credentials, so one admin token or key works through the gateway and on a
 * service's own port alike. Secrets come from the environment only; nothing is committed, and
 * {@link #toString()} never shows them.
 *
 * @param jwtSecret HMAC secret (at least 32 bytes) that signs admin bearer tokens (HS256, with {@code exp});
 *                  env {@code TICKSTREAM_ADMIN_JWTSECRET}; default none: bearer tokens are refused
 * @param jwtIssuer the {@code iss} an admin token must carry; env {@code TICKSTREAM_ADMIN_JWTISSUER}; default
 *                  none: any issuer (the secret alone decides)
 * @param apiKey    an admin API key accepted in the {@code X-Admin-Key} header instead of a token (compared in
 *                  constant time); env {@code TICKSTREAM_ADMIN_APIKEY}; default none. With neither a secret nor
 *                  a key, {@code /admin/**} is closed to everyone
 * @param clockSkew tolerance on a token's {@code exp} and {@code nbf}; default 60s (Spring Security's, as the
 *                  gateway had before this setting existed)
 */
@Validated
@ConfigurationProperties("tickstream.admin")
public record AdminSecurityProperties(
        @DefaultValue("") String jwtSecret,
        @DefaultValue("") String jwtIssuer,
        @DefaultValue("") String apiKey,
        @DefaultValue("60s") @NotNull Duration clockSkew) {

    /** Minimum HS256 key length (RFC 7518 §3.2). */
    static final int MIN_SECRET_BYTES = 32;

    public AdminSecurityProperties {
        jwtSecret = jwtSecret == null ? "" : jwtSecret.trim();
        jwtIssuer = jwtIssuer == null ? "" : jwtIssuer.trim();
        apiKey = apiKey == null ? "" : apiKey.trim();
        if (!jwtSecret.isEmpty() && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("tickstream.admin.jwt-secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (clockSkew == null || clockSkew.isNegative()) {
            throw new IllegalArgumentException("tickstream.admin.clock-skew must not be negative");
        }
    }

    /** Nothing set: {@code /admin/**} is closed to everyone. */
    public static AdminSecurityProperties closed() {
        return new AdminSecurityProperties("", "", "", Duration.ofSeconds(60));
    }

    /** True when a token or a key can open {@code /admin/**} at all. */
    public boolean anyCredential() {
        return !jwtSecret.isEmpty() || !apiKey.isEmpty();
    }

    /** Which credentials are configured, never their values (records print every component otherwise). */
    @Override
    public String toString() {
        return "AdminSecurityProperties[jwtSecret=" + (jwtSecret.isEmpty() ? "none" : "***") + ", jwtIssuer=" + jwtIssuer
                + ", apiKey=" + (apiKey.isEmpty() ? "none" : "***") + ", clockSkew=" + clockSkew + "]";
    }
}
