package io.tickstream.gateway.status;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The status page ({@code /status}, {@code /api/v1/status}), {@code tickstream.gateway.status.*}. The
 * services it asks are the routes' ({@code tickstream.gateway.*-uri}).
 *
 * @param timeout      bound on each call to a service's actuator, connect to last byte; a service that does
 *                     not answer within it is shown {@code UNREACHABLE}; default 2s
 * @param maxBodySize  largest actuator answer read from a service; default 256KB
 * @param cacheFor     how long one collected status answers every caller, so a page open in many browsers
 *                     costs the services one round of calls per period; default 2s
 */
@Validated
@ConfigurationProperties("tickstream.gateway.status")
public record StatusProperties(
        @DefaultValue("2s") @NotNull Duration timeout,
        @DefaultValue("256KB") @NotNull DataSize maxBodySize,
        @DefaultValue("2s") @NotNull Duration cacheFor) {
}
