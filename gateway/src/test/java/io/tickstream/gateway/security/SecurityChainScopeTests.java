package io.tickstream.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityChainScopeTests {

    @Test
    void plainQuoteReadsSkipTheChain() {
        assertThat(plain(HttpMethod.GET, "/api/v1/quotes/BTC")).isTrue();
        assertThat(plain(HttpMethod.HEAD, "/api/v1/candles/ETH?interval=1m&limit=100")).isTrue();
        assertThat(plain(HttpMethod.GET, "/api/v1/quotes.json")).isTrue();
    }

    @Test
    void everythingElseGoesThroughTheChainAndItsFirewall() {
        assertThat(plain(HttpMethod.GET, "/admin/query/replay")).as("admin").isFalse();
        assertThat(plain(HttpMethod.POST, "/api/v1/quotes/BTC")).as("not a read").isFalse();
        assertThat(plain(HttpMethod.GET, "/")).as("not the API").isFalse();
        assertThat(plain(HttpMethod.GET, "/ws")).isFalse();
        assertThat(plain(HttpMethod.GET, "/api")).isFalse();
        assertThat(plain(HttpMethod.GET, "/api/v1/../../admin/replay")).as("dot segments").isFalse();
        assertThat(plain(HttpMethod.GET, "/api/v1/./quotes")).isFalse();
        assertThat(plain(HttpMethod.GET, "/api/v1/quotes/.hidden")).as("anything after /.").isFalse();
        assertThat(plain(HttpMethod.GET, "/api//v1/quotes")).as("empty segment").isFalse();
        assertThat(plain(HttpMethod.GET, "/api/v1/%2e%2e/admin")).as("encoded").isFalse();
        assertThat(plain(HttpMethod.GET, "/api/v1/quotes;jsessionid=1")).as("path parameter").isFalse();
    }

    private static boolean plain(HttpMethod method, String path) {
        MockServerHttpRequest request = MockServerHttpRequest.method(method, URI.create("http://gateway" + path)).build();
        return SecurityChainScope.plainDataRead(MockServerWebExchange.from(request));
    }
}
