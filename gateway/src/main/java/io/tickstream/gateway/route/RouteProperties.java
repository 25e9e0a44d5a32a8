package io.tickstream.gateway.route;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * Where the gateway sends what, under {@code tickstream.gateway.}: plain URLs locally, Kubernetes
 * service names in a cluster (e.g. {@code http://market-query-service:8084}).
 *
 * @param queryUri   market-query-service ({@code /api/**}, {@code /admin/query/**}); default http://127.0.0.1:8084
 * @param pushUri    websocket-push-service ({@code /ws}, {@code /admin/push/**}); default http://127.0.0.1:8083
 * @param ingestUri  market-ingest-service ({@code /admin/ingest/**}); default http://127.0.0.1:8081
 * @param backupUri  stream-backup-service ({@code /admin/backup/**}); default http://127.0.0.1:8082
 * @param connectTimeout bound on opening a connection to any upstream; default 2s
 * @param upstreamIdleTimeout longest an upstream may stay silent while the gateway waits for the rest of
 *                   an HTTP answer, the body included (which the routes' time limits do not cover: they
 *                   end when the headers arrive); past it the upstream connection is closed and so is the
 *                   caller's, whose answer cannot be completed. At least the routes' time limits; on
 *                   {@code /ws} it ends with the handshake; default 10s
 * @param api        the {@code /api/**} route's time limit, breaker and retries
 * @param admin      the {@code /admin/**} routes' time limit and breaker
 */
@Validated
@ConfigurationProperties("tickstream.gateway")
public record RouteProperties(
        @DefaultValue("http://127.0.0.1:8084") @NotNull URI queryUri,
        @DefaultValue("http://127.0.0.1:8083") @NotNull URI pushUri,
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI ingestUri,
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI backupUri,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration upstreamIdleTimeout,
        @DefaultValue @Valid @NotNull Upstream api,
        @DefaultValue @Valid @NotNull Upstream admin) {

    public RouteProperties {
        if (upstreamIdleTimeout != null && api != null && admin != null
                && (upstreamIdleTimeout.compareTo(api.timeout()) < 0 || upstreamIdleTimeout.compareTo(admin.timeout()) < 0)) {
            throw new IllegalArgumentException("tickstream.gateway.upstream-idle-timeout (" + upstreamIdleTimeout
                    + ") must be at least the routes' time limits (api.timeout " + api.timeout() + ", admin.timeout "
                    + admin.timeout() + "), or it would cut the wait for headers short");
        }
    }

    /**
     * Protection of one route.
     *
     * @param timeout            the route's time limit, whole answer; default 5s
     * @param retries            retries of idempotent GETs on 502/503/504 or connection errors; default 2
     * @param breakerWindow      calls in the breaker's sliding window; default 20. The rate is judged from the 5th
     *                           call on (or the window's last, if smaller): with the defaults 5 failed calls in a
     *                           row open it
     * @param breakerFailureRate failure rate in percent that opens it; a failure is an error, the time limit, or a
     *                           5xx answer of the upstream (after retries); default 50
     * @param breakerOpenFor     how long it stays open (the fallback answers at once) before 2 trial calls; default 10s
     */
    public record Upstream(
            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("2") @Min(0) int retries,
            @DefaultValue("20") @Min(1) int breakerWindow,
            @DefaultValue("50") @Min(1) int breakerFailureRate,
            @DefaultValue("10s") @NotNull Duration breakerOpenFor) implements io.tickstream.gateway.guard.GuardSettings {
    }
}
