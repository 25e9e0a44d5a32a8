package io.tickstream.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * Who may do what, under {@code tickstream.gateway.security.}. Secrets come from the environment
 * only; nothing is committed.
 *
 * @param adminJwtSecret     HMAC secret (at least 32 bytes) that signs admin bearer tokens (HS256, with
 *                           {@code exp}); env {@code TICKSTREAM_GATEWAY_SECURITY_ADMINJWTSECRET}; default
 *                           none: bearer tokens are refused
 * @param adminApiKey        an admin API key accepted in the {@code X-Admin-Key} header instead of a token;
 *                           env {@code TICKSTREAM_GATEWAY_SECURITY_ADMINAPIKEY}; default none. With neither
 *                           set, {@code /admin/**} is closed to everyone
 * @param corsAllowedOrigins origins allowed to call the API from a browser, e.g.
 *                           {@code https://app.example.com}; default none (same-origin only)
 */
@Validated
@ConfigurationProperties("tickstream.gateway.security")
public record GatewaySecurityProperties(
        @DefaultValue("") String adminJwtSecret,
        @DefaultValue("") String adminApiKey,
        @DefaultValue List<String> corsAllowedOrigins) {

    public GatewaySecurityProperties {
        if (!adminJwtSecret.isEmpty() && adminJwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("tickstream.gateway.security.admin-jwt-secret must be at least 32 bytes");
        }
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
    }
}
