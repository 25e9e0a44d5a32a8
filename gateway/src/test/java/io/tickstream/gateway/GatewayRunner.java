package io.tickstream.gateway;

import io.tickstream.testkit.OwnNettyResources;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts a whole gateway with its own settings, as command-line arguments (they beat application.yml). */
final class GatewayRunner implements AutoCloseable {

    /** The admin key of every runner ({@code tickstream.admin.api-key}). */
    static final String ADMIN_KEY = "gateway-runner-admin-key";

    private final ConfigurableApplicationContext context;

    GatewayRunner(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("management.server.port", "0");
        all.putAll(settings);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = new SpringApplicationBuilder(GatewayApplication.class, OwnNettyResources.class).run(args);
    }

    /**
     * The settings every runner on the real local Redis needs, with {@code more} on top: Redis, the query
     * service's address, rate-limit and API-key keys of the test's own (named after {@code keys}), the admin
     * key, and an API key plan {@code test} with the anonymous limits of {@code more} (so a test's key has the
     * bucket the test configured).
     */
    static Map<String, String> onLocalRedis(String queryUri, String keys, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.data.redis.host", TestRedis.endpoint().host());
        settings.put("spring.data.redis.port", Integer.toString(TestRedis.endpoint().port()));
        settings.put("tickstream.gateway.query-uri", queryUri);
        settings.put("tickstream.gateway.rate-limit.key-prefix", TestKeys.unique(keys) + ":");
        settings.put("tickstream.gateway.api-keys.key-prefix", TestKeys.unique(keys) + ":{apikeys}:");
        settings.put("tickstream.admin.api-key", ADMIN_KEY);
        settings.put("tickstream.gateway.api-keys.plans.test.replenish-rate",
                more.getOrDefault("tickstream.gateway.rate-limit.replenish-rate", "20"));
        settings.put("tickstream.gateway.api-keys.plans.test.burst-capacity",
                more.getOrDefault("tickstream.gateway.rate-limit.burst-capacity", "40"));
        settings.putAll(more);
        return settings;
    }

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(10)).build();
    }

    /** A new API key of plan {@code test}, made through the admin endpoint. */
    String newKey() {
        return newKey(client(), ADMIN_KEY, "test");
    }

    /** A new API key of {@code plan}, made through {@code POST /admin/api-keys} of the gateway {@code http} talks to. */
    static String newKey(WebTestClient http, String adminKey, String plan) {
        tools.jackson.databind.JsonNode created = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                http.post().uri("/admin/api-keys").header("X-Admin-Key", adminKey)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue("{\"plan\":\"" + plan + "\"}")
                        .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        return created.get("key").asString();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
