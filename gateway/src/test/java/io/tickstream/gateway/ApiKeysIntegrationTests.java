package io.tickstream.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API keys through the gateway's admin endpoint, on two instances sharing one Redis: a key is shown once,
 * stored only hashed, limits its holder by its plan in a bucket named after its id, works on every instance,
 * and once revoked is refused (at once where revoked, within {@code cache-for} elsewhere). An invented key is
 * refused with a 401 problem instead of getting a fresh bucket.
 */
class ApiKeysIntegrationTests {

    private static final StubUpstream upstream = new StubUpstream();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static GatewayRunner first;
    private static GatewayRunner second;
    private static Map<String, String> settings;

    @BeforeAll
    static void start() {
        settings = GatewayRunner.onLocalRedis(upstream.url(), "gw-apikeys", Map.of(
                "tickstream.gateway.rate-limit.replenish-rate", "1",
                "tickstream.gateway.rate-limit.burst-capacity", "3",
                "tickstream.gateway.api-keys.plans.pro.replenish-rate", "50",
                "tickstream.gateway.api-keys.plans.pro.burst-capacity", "100",
                "tickstream.gateway.api-keys.cache-for", "1s"));
        first = new GatewayRunner(settings);
        second = new GatewayRunner(settings);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        upstream.close();
    }

    @Test
    void aKeyIsShownOnceStoredHashedLimitedByItsPlanAndRefusedOnceRevoked() {
        WebTestClient admin = first.client().mutate().defaultHeader("X-Admin-Key", GatewayRunner.ADMIN_KEY).build();
        JsonNode created = JSON.readTree(admin.post().uri("/admin/api-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"plan\":\"pro\"}").exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody());
        String id = created.get("id").asString();
        String key = created.get("key").asString();
        assertThat(key).startsWith("tsk_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(created.get("plan").asString()).isEqualTo("pro");

        // its plan's limits, in its own bucket (named after the id), on either instance
        first.client().get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Limit", "100")
                .expectHeader().valueEquals("X-RateLimit-Replenish-Rate", "50");
        second.client().get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Limit", "100");
        ReactiveStringRedisTemplate redis = first.bean(ReactiveStringRedisTemplate.class);
        String rateLimitPrefix = settings.get("tickstream.gateway.rate-limit.key-prefix");
        assertThat(redis.hasKey(rateLimitPrefix + "key:" + id).block()).isTrue();

        // listed without the key; nothing in Redis holds the key itself
        String listed = admin.get().uri("/admin/api-keys").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains(id).contains("\"plan\":\"pro\"").doesNotContain(key);
        String apiKeyPrefix = settings.get("tickstream.gateway.api-keys.key-prefix");
        List<String> stored = redis.keys(apiKeyPrefix + "*").collectList().block();
        assertThat(stored).isNotEmpty().noneMatch(k -> k.contains(key));
        for (String k : stored) {
            String type = redis.type(k).block().code();
            List<String> values = type.equals("hash")
                    ? redis.<String, String>opsForHash().values(k).collectList().block()
                    : redis.opsForSet().members(k).collectList().block();
            assertThat(values).as(k).noneMatch(v -> v.contains(key));
        }

        // revoked: refused at once where revoked, and on the other instance once its cache-for (1 s) has passed
        admin.delete().uri("/admin/api-keys/" + id).exchange().expectStatus().isNoContent();
        first.client().get().uri("/api/v1/quotes/BTC").header("X-API-Key", key).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> second.client().get().uri("/api/v1/quotes/BTC")
                .header("X-API-Key", key).exchange().expectStatus().isUnauthorized());
        admin.get().uri("/admin/api-keys").exchange().expectBody(String.class).value(body -> assertThat(body).doesNotContain(id));
        admin.delete().uri("/admin/api-keys/" + id).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anInventedKeyIsRefusedAndNoKeyIsTheAnonymousAddressBucket() {
        first.client().get().uri("/api/v1/quotes/BTC").header("X-API-Key", "tsk_invented-by-the-client").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("unknown API key").doesNotContain("invented"));
        // every invented key is refused: none gets a bucket of its own
        for (int i = 0; i < 5; i++) {
            first.client().get().uri("/api/v1/quotes/BTC").header("X-API-Key", "made-up-" + i).exchange()
                    .expectStatus().isUnauthorized();
        }
        first.client().get().uri("/api/v1/other").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Limit", "3");
    }

    @Test
    void onlyAdminsManageKeysAndOnlyForConfiguredPlans() {
        WebTestClient anyone = first.client();
        anyone.post().uri("/admin/api-keys").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"plan\":\"pro\"}")
                .exchange().expectStatus().isUnauthorized();
        anyone.get().uri("/admin/api-keys").header("X-Admin-Key", "a-guess").exchange().expectStatus().isUnauthorized();
        anyone.delete().uri("/admin/api-keys/key_000000000000000000").exchange().expectStatus().isUnauthorized();

        WebTestClient admin = anyone.mutate().defaultHeader("X-Admin-Key", GatewayRunner.ADMIN_KEY).build();
        admin.post().uri("/admin/api-keys").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"plan\":\"platinum\"}")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("platinum").contains("pro"));
        admin.post().uri("/admin/api-keys").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isBadRequest();
        admin.delete().uri("/admin/api-keys/not-an-id").exchange().expectStatus().isNotFound();
    }
}
