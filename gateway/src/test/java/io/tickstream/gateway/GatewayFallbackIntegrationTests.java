package io.tickstream.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.gateway.guard.RouteGuard;
import io.tickstream.gateway.fallback.StaleQuoteFallback;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** market-query-service down: quote reads come from the stream, marked stale; other reads get a 503 problem. */
class GatewayFallbackIntegrationTests {

    private static final String STREAM = TestKeys.unique("crypto:market_data");
    private static LettuceConnectionFactory factory;
    private static ReactiveStringRedisTemplate redis;
    private static GatewayRunner gateway;

    @BeforeAll
    static void start() {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestRedis.endpoint().host(), TestRedis.endpoint().port()));
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
        append(quote("kraken", "BTC", "66990", 1_000));
        append(quote("consensus", "BTC", "67000.5", 1_000));
        append(quote("binance", "ETH", "3500.25", 1_000));
        // nothing listens on port 1: the query service is down
        gateway = new GatewayRunner(GatewayRunner.onLocalRedis("http://127.0.0.1:1", "gw-rl", Map.of(
                "tickstream.gateway.fallback.market-data-stream", STREAM,
                "tickstream.gateway.api.retries", "0")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        redis.delete(io.tickstream.common.stream.Partitions.defaults().keys(STREAM).toArray(String[]::new)).block();
        factory.destroy();
    }

    @Test
    void quoteReadsFallBackToTheLastKnownConsensusMarkedStale() {
        WebTestClient http = gateway.client();
        http.get().uri("/api/v1/quotes/btc").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Tickstream-Stale", "true")
                .expectBody()
                .jsonPath("$.symbol").isEqualTo("BTC")
                .jsonPath("$.price").isEqualTo("67000.5")
                .jsonPath("$.priceSource").isEqualTo("consensus")
                .jsonPath("$.stale").isEqualTo(true);
        http.get().uri("/api/v1/quotes").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(2).jsonPath("$[0].stale").isEqualTo(true);
        http.get().uri("/api/v1/quotes/DOGE").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void otherReadsGetA503ProblemAndTheBreakerOpens() {
        WebTestClient http = gateway.client();
        for (int i = 0; i < 6; i++) {
            http.get().uri("/api/v1/dashboard").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("unavailable"));
        }
        assertThat(gateway.bean(RouteGuard.class).breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        http.get().uri("/api/v1/dashboard").exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("circuit breaker is open"));
        http.get().uri("/api/v1/quotes/ETH").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.price").isEqualTo("3500.25");
    }

    @Test
    void aStaleAnswerEndsTheExchangeCleanlyWithoutA503Afterwards() {
        StaleQuoteFallback fallback = gateway.bean(StaleQuoteFallback.class);
        for (String path : new String[] {"/api/v1/quotes/BTC", "/api/v1/quotes"}) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
            StepVerifier.create(fallback.answer(exchange, new ConnectException("refused"))).verifyComplete();
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
        }
    }

    private static void append(Quote quote) {
        redis.opsForStream().add(io.tickstream.common.stream.Partitions.defaults().keyFor(STREAM, quote.symbol()),
                StreamEntryCodec.encode(quote)).block();
    }

    private static Quote quote(String source, String symbol, String price, long time) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, "USD", time), source, time, time,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), symbol, "USD", new BigDecimal(price),
                null, null, null, null, null, false, null);
    }
}
