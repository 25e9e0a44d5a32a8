package io.tickstream.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * Browser access, under {@code tickstream.gateway.security.}. Admin credentials are the suite's
 * ({@code tickstream.admin.*}, {@link io.tickstream.security.admin.AdminSecurityProperties}); the gateway's former
 * {@code TICKSTREAM_GATEWAY_SECURITY_ADMINJWTSECRET} and {@code ..._ADMINAPIKEY} still set them (application.yml).
 *
 * @param corsAllowedOrigins origins allowed to call the API from a browser, e.g.
 *                           {@code https://app.example.com}; default none (same-origin only)
 */
@Validated
@ConfigurationProperties("tickstream.gateway.security")
public record GatewaySecurityProperties(
        @DefaultValue List<String> corsAllowedOrigins) {

    public GatewaySecurityProperties {
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
    }
}
