package io.tickstream.query;

import io.lettuce.core.XAddArgs;
import io.tickstream.common.stream.StreamEntryCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis loses a stream (and with it the consumer group), as after a restart without data: the group is
 * created again and the L2 state keeps being written; a stream whose ids restarted below the tail's
 * cursor is tailed again from its beginning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamRestartIntegrationTests {

    final QueryTestSettings settings = new QueryTestSettings();
    TestStreams streams;
    QueryInstance service;
    WebTestClient client;

    @BeforeAll
    void start() {
        settings.createSchema();
        streams = new TestStreams(settings);
        service = new QueryInstance(settings.properties());
        client = service.client();
    }

    @AfterAll
    void stop() {
        service.close();
        streams.close();
        settings.dropSchema();
    }

    @Test
    void aLostStreamAndGroupAreFollowedAgain() {
        long now = System.currentTimeMillis();
        streams.append(QueryFixtures.quote("binance", "BTC", "100", now));
        awaitPrice("100");

        streams.redis().del(settings.marketData);
        streams.redis().xadd(settings.marketData, new XAddArgs().id("1-1"),
                StreamEntryCodec.encode(QueryFixtures.quote("binance", "BTC", "200", now + 1)));
        awaitPrice("200");

        streams.append(QueryFixtures.quote("binance", "BTC", "300", now + 2));
        awaitPrice("300");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                streams.redis().hget(settings.stateKey(settings.marketData, "quotes"), "quotes|BTC|binance")).contains("\"300\""));
    }

    private void awaitPrice(String price) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> client.get().uri("/api/v1/quotes/BTC").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.price").isEqualTo(price));
    }
}
