package io.tickstream.gateway.collapse;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SharedAnswerTests {

    @Test
    void plainAnswersAndThoseVaryingOnlyOnKeyedHeadersAreShareable() {
        assertThat(SharedAnswer.shareable(headers())).isTrue();
        assertThat(SharedAnswer.shareable(headers(HttpHeaders.VARY, "Accept, accept-encoding"))).isTrue();
        assertThat(SharedAnswer.shareable(headers(HttpHeaders.CACHE_CONTROL, "max-age=1"))).isTrue();
    }

    @Test
    void answersMeantForOneCallerAreNot() {
        assertThat(SharedAnswer.shareable(headers(HttpHeaders.SET_COOKIE, "a=b"))).isFalse();
        assertThat(SharedAnswer.shareable(headers(HttpHeaders.CACHE_CONTROL, "Private, max-age=5"))).isFalse();
        assertThat(SharedAnswer.shareable(headers(HttpHeaders.CACHE_CONTROL, "no-store"))).isFalse();
        assertThat(SharedAnswer.shareable(headers(HttpHeaders.VARY, "Accept, Origin"))).isFalse();
        assertThat(SharedAnswer.shareable(headers(HttpHeaders.VARY, "*"))).isFalse();
    }

    @Test
    void onlyTheUpstreamsHeadersAreCopiedAndNeverTheFraming() {
        HttpHeaders leader = headers(HttpHeaders.CONTENT_TYPE, "application/json");
        leader.add("X-Cache", "L1");
        leader.add(HttpHeaders.CONTENT_LENGTH, "12");
        leader.add("X-RateLimit-Remaining", "41");
        SharedAnswer answer = SharedAnswer.of(HttpStatus.OK, leader,
                Set.of(HttpHeaders.CONTENT_TYPE, "X-Cache", HttpHeaders.CONTENT_LENGTH), "{\"a\":\"b\"}".getBytes());

        HttpHeaders follower = headers("X-RateLimit-Remaining", "40");
        follower.add("X-Cache", "stale value to replace");
        answer.copyHeadersTo(follower);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(follower.get(HttpHeaders.CONTENT_TYPE)).containsExactly("application/json");
        assertThat(follower.get("X-Cache")).containsExactly("L1");
        assertThat(follower.get("X-RateLimit-Remaining")).containsExactly("40");
        assertThat(follower.containsHeader(HttpHeaders.CONTENT_LENGTH)).isFalse();
    }

    @Test
    void onlyPlainGetsAreCollapsed() {
        assertThat(CollapseFilter.collapsible(MockServerHttpRequest.get("/api/v1/quotes/BTC").build())).isTrue();
        assertThat(CollapseFilter.collapsible(MockServerHttpRequest.head("/api/v1/quotes/BTC").build())).isFalse();
        assertThat(CollapseFilter.collapsible(MockServerHttpRequest.post("/api/v1/quotes/BTC").build())).isFalse();
        for (String header : List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE, HttpHeaders.RANGE,
                HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE)) {
            assertThat(CollapseFilter.collapsible(MockServerHttpRequest.get("/api/v1/quotes/BTC").header(header, "x").build()))
                    .as(header).isFalse();
        }
    }

    private static HttpHeaders headers(String... nameValues) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }
}
