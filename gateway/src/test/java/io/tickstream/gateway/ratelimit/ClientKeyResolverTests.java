package io.tickstream.gateway.ratelimit;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClientKeyResolverTests {

    @Test
    void theApiKeyIsReadTrimmedAndABlankOneIsNone() {
        ClientKeyResolver resolver = new ClientKeyResolver(properties(0));
        assertThat(resolver.apiKey(exchange(MockServerHttpRequest.get("/api").header("X-API-Key", " tsk_abc ")))).isEqualTo("tsk_abc");
        assertThat(resolver.apiKey(exchange(MockServerHttpRequest.get("/api").header("X-API-Key", "  ")))).isNull();
        assertThat(resolver.apiKey(exchange(MockServerHttpRequest.get("/api")))).isNull();
    }

    @Test
    void theAddressBucketNeverDependsOnTheKey() {
        ClientKeyResolver resolver = new ClientKeyResolver(properties(0));
        assertThat(resolver.resolve(exchange(MockServerHttpRequest.get("/api").header("X-API-Key", "secret-key-1")
                .remoteAddress(new InetSocketAddress("192.168.1.20", 5555))))).isEqualTo("ip:192.168.1.20");
    }

    @Test
    void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
        ClientKeyResolver resolver = new ClientKeyResolver(properties(0));
        assertThat(resolver.resolve(exchange(MockServerHttpRequest.get("/api").header("X-Forwarded-For", "6.6.6.6")
                .remoteAddress(new InetSocketAddress("192.168.1.20", 5555))))).isEqualTo("ip:192.168.1.20");
    }

    @Test
    void withOneTrustedProxyTheAddressItAddedCounts() {
        ClientKeyResolver resolver = new ClientKeyResolver(properties(1));
        // the client forged "6.6.6.6"; the trusted proxy appended the real client address last
        assertThat(resolver.resolve(exchange(MockServerHttpRequest.get("/api").header("X-Forwarded-For", "6.6.6.6, 203.0.113.7")
                .remoteAddress(new InetSocketAddress("10.0.0.2", 5555))))).isEqualTo("ip:203.0.113.7");
    }

    private static RateLimitProperties properties(int hops) {
        return new RateLimitProperties(true, 20, 40, "X-API-Key", hops, RateLimitProperties.WhenRedisDown.ALLOW,
                Duration.ofMillis(250), "rl:", 1, Duration.ofSeconds(1));
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
        return MockServerWebExchange.from(request);
    }
}
