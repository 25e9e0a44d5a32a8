package io.tickstream.gateway.headers;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UnchangedHeadersShortcutTests {

    private final UnchangedHeadersShortcut shortcut = new UnchangedHeadersShortcut();
    private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/quotes/BTC"));

    @Test
    void hopByHopHeadersAreStillRemovedWithTheHeadersTheConnectionHeaderNames() {
        HttpHeadersFilter filter = hopByHop(new RemoveHopByHopHeadersFilter());
        HttpHeaders input = headers("Connection", "keep-alive, X-Private", "Keep-Alive", "timeout=5", "X-Private", "secret",
                "Transfer-Encoding", "chunked", "Accept", "application/json");

        HttpHeaders out = filter.filter(input, exchange);

        assertThat(out.headerNames()).containsExactly("Accept");
    }

    @Test
    void headersWithNothingToRemovePassAsTheyCame() {
        HttpHeadersFilter filter = hopByHop(new RemoveHopByHopHeadersFilter());
        HttpHeaders input = headers("Accept", "application/json", "X-Request-Id", "7");

        assertThat(filter.filter(input, exchange)).isSameAs(input);
    }

    @Test
    void theOriginalsSettingsAreKept() {
        RemoveHopByHopHeadersFilter original = new RemoveHopByHopHeadersFilter();
        original.setHeaders(Set.of("x-internal"));
        original.setOrder(42);
        RemoveHopByHopHeadersFilter replaced = hopByHop(original);

        assertThat(replaced.getOrder()).isEqualTo(42);
        assertThat(replaced.filter(headers("X-Internal", "1", "Upgrade", "h2c"), exchange).headerNames())
                .as("only the configured headers go").containsExactly("Upgrade");
    }

    @Test
    void aForwardedHeaderIsStillRemovedAndItsAbsenceCopiesNothing() {
        Object replaced = shortcut.postProcessAfterInitialization(new RemoveForwardedHeadersFilter(), "removeForwardedHeadersFilter");
        assertThat(replaced).isInstanceOf(RemoveForwardedHeadersFilter.class);
        HttpHeadersFilter filter = (HttpHeadersFilter) replaced;

        assertThat(filter.filter(headers("Forwarded", "for=10.0.0.1", "Accept", "*/*"), exchange).headerNames())
                .containsExactly("Accept");
        HttpHeaders clean = headers("Accept", "*/*");
        assertThat(filter.filter(clean, exchange)).isSameAs(clean);
    }

    @Test
    void otherBeansAreLeftAlone() {
        Object bean = new Object();
        assertThat(shortcut.postProcessAfterInitialization(bean, "other")).isSameAs(bean);
    }

    private RemoveHopByHopHeadersFilter hopByHop(RemoveHopByHopHeadersFilter original) {
        Object replaced = shortcut.postProcessAfterInitialization(original, "removeHopByHopHeadersFilter");
        assertThat(replaced).isInstanceOf(RemoveHopByHopHeadersFilter.class).isNotSameAs(original);
        return (RemoveHopByHopHeadersFilter) replaced;
    }

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
