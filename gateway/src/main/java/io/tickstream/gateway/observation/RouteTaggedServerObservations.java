package io.tickstream.gateway.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * {@code http.server.requests} with the gateway route as a tag ({@code route}: {@code api}, {@code ws},
 * {@code admin-query}, …, or {@code none} for the gateway's own pages and refusals before routing), so
 * per-route latency and status come from one observation per request.
 */
public final class RouteTaggedServerObservations extends DefaultServerRequestObservationConvention {

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        Object route = context.getAttributes().get(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("route", route instanceof Route r ? r.getId() : "none"));
    }
}
