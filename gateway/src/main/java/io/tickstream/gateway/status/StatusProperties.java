package io.tickstream.gateway.status;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * The status page ({@code /status}, {@code /api/v1/status}), {@code tickstream.gateway.status.*}. It asks
 * each service's actuator, which answers on the service's management port, not on the port the routes use.
 *
 * @param timeout      bound on each call to a service's actuator, connect to last byte; a service that does
 *                     not answer within it is shown {@code UNREACHABLE}; default 2s
 * @param maxBodySize  largest actuator answer read from a service; default 256KB
 * @param cacheFor     how long one collected status answers every caller, so a page open in many browsers
 *                     costs the services one round of calls per period; default 2s
 * @param ingestUri    market-ingest-service's actuator base (its management port); env
 *                     {@code INGEST_MANAGEMENT_URI}; default {@code http://127.0.0.1:9081}
 * @param backupUri    stream-backup-service's; env {@code BACKUP_MANAGEMENT_URI}; default {@code http://127.0.0.1:9082}
 * @param pushUri      websocket-push-service's; env {@code PUSH_MANAGEMENT_URI}; default {@code http://127.0.0.1:9083}
 * @param queryUri     market-query-service's; env {@code QUERY_MANAGEMENT_URI}; default {@code http://127.0.0.1:9084}
 */
@Validated
@ConfigurationProperties("tickstream.gateway.status")
public record StatusProperties(
        @DefaultValue("2s") @NotNull Duration timeout,
        @DefaultValue("256KB") @NotNull DataSize maxBodySize,
        @DefaultValue("2s") @NotNull Duration cacheFor,
        @DefaultValue("http://127.0.0.1:9081") @NotNull URI ingestUri,
        @DefaultValue("http://127.0.0.1:9082") @NotNull URI backupUri,
        @DefaultValue("http://127.0.0.1:9083") @NotNull URI pushUri,
        @DefaultValue("http://127.0.0.1:9084") @NotNull URI queryUri) {
}
