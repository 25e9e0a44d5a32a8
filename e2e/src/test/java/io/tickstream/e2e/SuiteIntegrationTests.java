package io.tickstream.e2e;

import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The suite as real processes: one quote followed from the simulated source to PostgreSQL and the gateway. */
class SuiteIntegrationTests {

    private static Suite suite;
    private static LettuceConnectionFactory factory;
    private static ReactiveStringRedisTemplate redis;

    @BeforeAll
    static void start() {
        suite = Suite.get();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestRedis.endpoint().host(), TestRedis.endpoint().port()));
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
    }

    @AfterAll
    static void stop() {
        factory.destroy();
    }

    @Test
    void aQuoteTravelsFromTheSourceToTheStreamToPostgresAndThroughTheGateway() throws Exception {
        Quote quote = await("a BTC consensus quote on the stream").atMost(Duration.ofSeconds(30))
                .until(SuiteIntegrationTests::latestBtcConsensus, q -> q != null);

        TestPostgres.Settings pg = TestPostgres.settings();
        await("the quote archived in PostgreSQL").atMost(Duration.ofSeconds(20)).until(() -> {
            try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 var statement = connection.prepareStatement("SELECT price FROM " + suite.schema + ".market_quotes WHERE id = ?")) {
                statement.setString(1, quote.meta().id());
                try (var rows = statement.executeQuery()) {
                    return rows.next() && rows.getBigDecimal(1).compareTo(quote.price()) == 0;
                }
            }
        });

        WebTestClient http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
        http.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.symbol").isEqualTo("BTC").jsonPath("$.price").isNotEmpty();
        http.get().uri("/admin/ingest/sources").exchange().expectStatus().isUnauthorized();
        http.get().uri("/admin/ingest/sources").header("X-Admin-Key", "e2e-admin-key").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.simulated.state").isEqualTo("up");
        http.get().uri("/").exchange().expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("Tickstream"));
    }

    private static Quote latestBtcConsensus() {
        return redis.opsForStream().reverseRange(suite.marketData, Range.unbounded(), Limit.limit().count(200))
                .map(entry -> {
                    Map<String, String> fields = new HashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return StreamEntryCodec.decode(fields);
                })
                .filter(e -> e instanceof Quote q && q.symbol().equals("BTC") && q.meta().source().equals("consensus"))
                .cast(Quote.class).next().block();
    }
}
