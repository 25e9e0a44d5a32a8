package io.tickstream.gateway.observation;

import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One observation per proxied request: the server's, tagged with the route, whose span is what the
 * upstream call carries (Spring Cloud Gateway's client observation is off:
 * {@code spring.cloud.gateway.server.webflux.observability.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfiguration {

    @Bean
    RouteTaggedServerObservations routeTaggedServerObservations() {
        return new RouteTaggedServerObservations();
    }

    /** Without tracing (no propagator) there is no span to carry, and the filter passes headers unchanged. */
    @Bean
    ServerSpanPropagation serverSpanPropagation(ObjectProvider<Propagator> propagator) {
        return new ServerSpanPropagation(propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
