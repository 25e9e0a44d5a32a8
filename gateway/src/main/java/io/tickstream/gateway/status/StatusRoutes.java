package io.tickstream.gateway.status;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The gateway's own status endpoints: {@code GET /api/v1/status} (the JSON of {@link StatusCollector},
 * never cached by clients) and {@code GET /status} (the page, {@code static/status.html}, which polls it).
 * Router functions run before the gateway's routes, so {@code /api/v1/status} is answered here rather
 * than routed to the query service with the rest of {@code /api/**}.
 */
@Configuration(proxyBeanMethods = false)
class StatusRoutes {

    private static final ClassPathResource PAGE = new ClassPathResource("static/status.html");

    @Bean
    RouterFunction<ServerResponse> statusEndpoints(StatusCollector collector) {
        return route(GET("/api/v1/status"), request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noStore()).body(collector.status(), Object.class))
                .andRoute(GET("/status"), request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noCache()).bodyValue(PAGE));
    }
}
