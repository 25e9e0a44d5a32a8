package io.tickstream.gateway.route;

import io.netty.channel.ChannelOption;
import io.tickstream.gateway.collapse.CollapseFilter;
import io.tickstream.gateway.fallback.StaleQuoteFallback;
import io.tickstream.gateway.guard.RouteGuard;
import io.tickstream.gateway.problem.ProblemResponses;
import io.tickstream.gateway.ratelimit.RateLimitFilter;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import java.net.URI;
import java.time.Duration;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

/**
 * The routes. {@code /api/**} → market-query-service, rate-limited, identical reads collapsed into one
 * call, with a breaker, a time limit, retries of GETs and the stale-quote fallback; {@code /ws} → websocket-push-service (the handshake
 * rate-limited; frames bounded by {@code spring.cloud.gateway.server.webflux.httpclient.websocket.*}); {@code /sse} →
 * websocket-push-service's server-sent events (rate-limited, streamed);
 * {@code /admin/<service>/**} → that service's {@code /admin/**} (authorization in
 * {@code SecurityConfiguration}), with a breaker, a time limit and retries of GETs of its own; {@code /reports} and
 * {@code /reports/**} (market report pages and PDFs) → market-query-service, rate-limited.
 * Everything else is the gateway's own: the dashboard page. On the routes with a breaker, the
 * guard's time limit is the only timer of a request.
 */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

    /** Before {@link CollapseFilter}: every caller spends a token of its own, collapsed or not. */
    private static final int RATE_LIMIT_ORDER = CollapseFilter.ORDER - 1;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);
    /**
     * Route metadata value that turns off Spring Cloud Gateway's per-request response timeout (a second
     * Reactor timer per request on the parallel scheduler) where a {@link RouteGuard} already bounds
     * the call; the global {@code httpclient.response-timeout} stays for any route without one.
     */
    private static final long OWN_TIME_LIMIT = -1;

    /**
     * The connect timeout and the upstream idle timeout, set once on the shared upstream client. Not the
     * {@code httpclient.connect-timeout} property: with that set, the routing filter derives a new
     * client configuration from the shared one for every request. The idle timeout is Reactor Netty's
     * per-response read timeout (a handler on the upstream connection's own event loop, gone when the
     * answer is complete). On {@code /ws} it ends with the handshake's answer: a quiet WebSocket is not cut.
     */
    @Bean
    HttpClientCustomizer upstreamTimeouts(RouteProperties routes) {
        int millis = Math.toIntExact(routes.connectTimeout().toMillis());
        Duration idle = routes.upstreamIdleTimeout();
        return client -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
                .doOnRequest((request, connection) -> request.responseTimeout(idle));
    }

    @Bean
    RouteGuard queryGuard(RouteProperties routes, StaleQuoteFallback fallback) {
        return new RouteGuard("query", routes.api(), FIRST_BACKOFF, MAX_BACKOFF, fallback::answer);
    }

    @Bean
    RouteLocator tickstreamRoutes(RouteLocatorBuilder builder, RouteProperties routes, RateLimitFilter rateLimit,
            RouteGuard queryGuard, CollapseFilter collapse) {
        RouteProperties.Upstream admin = routes.admin();
        return builder.routes()
                .route("api", r -> r.path("/api/**")
                        .filters(f -> f.filter(rateLimit, RATE_LIMIT_ORDER).filter(collapse, CollapseFilter.ORDER).filter(queryGuard))
                        .metadata(RESPONSE_TIMEOUT_ATTR, OWN_TIME_LIMIT)
                        .uri(routes.queryUri()))
                // browsers offer permessage-deflate; passed upstream, the push service's compressed frames
                // would reach a proxy leg that cannot inflate them, and the client would get nothing
                .route("ws", r -> r.path("/ws")
                        .filters(f -> f.filter(rateLimit, RATE_LIMIT_ORDER).removeRequestHeader("Sec-WebSocket-Extensions"))
                        .uri(webSocket(routes.pushUri())))
                // market reports: pages and PDFs of market-query-service (its report cache answers repeats); rate
                // limited, bounded by the HTTP client's response-timeout (a cold PDF may take seconds to render)
                .route("reports", r -> r.path("/reports", "/reports/**")
                        .filters(f -> f.filter(rateLimit, RATE_LIMIT_ORDER))
                        .uri(routes.queryUri()))
                // server-sent events: a long answer kept alive by the push service's heartbeats (5 s), under the
                // upstream idle timeout; rate-limited like a WebSocket handshake
                .route("sse", r -> r.path("/sse")
                        .filters(f -> f.filter(rateLimit, RATE_LIMIT_ORDER))
                        .uri(routes.pushUri()))
                .route("admin-query", r -> adminRoute(r, "query", routes.queryUri(), admin))
                .route("admin-push", r -> adminRoute(r, "push", routes.pushUri(), admin))
                .route("admin-ingest", r -> adminRoute(r, "ingest", routes.ingestUri(), admin))
                .route("admin-backup", r -> adminRoute(r, "backup", routes.backupUri(), admin))
                .build();
    }

    private static org.springframework.cloud.gateway.route.builder.Buildable<org.springframework.cloud.gateway.route.Route> adminRoute(
            org.springframework.cloud.gateway.route.builder.PredicateSpec r, String service, URI uri,
            RouteProperties.Upstream settings) {
        RouteGuard guard = new RouteGuard("admin-" + service, settings, FIRST_BACKOFF, MAX_BACKOFF, (exchange, cause) ->
                ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, service + " service is unavailable"));
        return r.path("/admin/" + service + "/**")
                .filters(f -> f.rewritePath("/admin/" + service + "/?(?<rest>.*)", "/admin/${rest}").filter(guard))
                .metadata(RESPONSE_TIMEOUT_ATTR, OWN_TIME_LIMIT)
                .uri(uri);
    }

    /** The push service's base as a WebSocket URI: {@code http} becomes {@code ws}, {@code https} {@code wss}. */
    static URI webSocket(URI uri) {
        String scheme = switch (uri.getScheme()) {
            case "http" -> "ws";
            case "https" -> "wss";
            default -> uri.getScheme();
        };
        return URI.create(scheme + uri.toString().substring(uri.getScheme().length()));
    }
}
