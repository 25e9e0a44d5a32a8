package io.tickstream.gateway.route;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class RouteConfigurationTests {

    @Test
    void thePushServiceIsReachedOverWebSocketSchemes() {
        assertThat(RouteConfiguration.webSocket(URI.create("http://push:8083"))).isEqualTo(URI.create("ws://push:8083"));
        assertThat(RouteConfiguration.webSocket(URI.create("https://push.example.com"))).isEqualTo(URI.create("wss://push.example.com"));
        assertThat(RouteConfiguration.webSocket(URI.create("ws://push:8083"))).isEqualTo(URI.create("ws://push:8083"));
    }
}
