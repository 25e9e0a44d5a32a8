package io.tickstream.ingest.fake;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mutable market behind the fake APIs: prices set by the test (over the fixtures' prices),
 * symbols an API should not list, raw field patches, the fear &amp; greed reading and Binance's used
 * weight. Thread-safe. Also reads the fixture files and writes JSON, exactly: decimals stay
 * {@link BigDecimal}.
 */
final class FakeMarket {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Map<String, BigDecimal> prices = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> unlisted = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JsonNode>> patches = new ConcurrentHashMap<>();
    private volatile boolean liveTimes;
    private final AtomicReference<FearGreed> fearGreed = new AtomicReference<>();
    private final AtomicInteger binanceUsedWeight = new AtomicInteger();

    /** A fear &amp; greed reading set by the test. */
    record FearGreed(int value, String classification) {
    }

    void setPrice(String symbol, BigDecimal price) {
        prices.put(symbol, price);
    }

    Optional<BigDecimal> price(String symbol) {
        return Optional.ofNullable(prices.get(symbol));
    }

    void unlist(String source, String symbol) {
        unlisted.computeIfAbsent(source, s -> ConcurrentHashMap.newKeySet()).add(symbol);
    }

    boolean listed(String source, String symbol) {
        return !unlisted.getOrDefault(source, Set.of()).contains(symbol);
    }

    void patch(String source, String symbol, String field, String jsonValue) {
        patches.computeIfAbsent(source + "/" + symbol, k -> new ConcurrentHashMap<>()).put(field, parse(jsonValue));
    }

    /** With live times on, answers carry the current time instead of the fixtures' fixed ones. */
    void setLiveTimes(boolean live) {
        liveTimes = live;
    }

    boolean liveTimes() {
        return liveTimes;
    }

    /**
     * Applies live times (when on) and the test's patches of {@code source}'s {@code symbol} to
     * {@code node}, in place; patches win.
     */
    ObjectNode applyPatches(String source, String symbol, ObjectNode node) {
        if (liveTimes) {
            Instant now = Instant.now();
            switch (source) {
                case "binance" -> node.put("closeTime", now.toEpochMilli());
                case "coingecko" -> node.put("last_updated", now.toString());
                case "coinbase" -> node.put("time", now.toString());
                default -> { }
            }
        }
        patches.getOrDefault(source + "/" + symbol, Map.of()).forEach((field, value) -> node.set(field, value.deepCopy()));
        return node;
    }

    void setFearGreed(FearGreed reading) {
        fearGreed.set(reading);
    }

    Optional<FearGreed> fearGreed() {
        return Optional.ofNullable(fearGreed.get());
    }

    AtomicInteger binanceUsedWeight() {
        return binanceUsedWeight;
    }

    void reset() {
        prices.clear();
        unlisted.clear();
        patches.clear();
        liveTimes = false;
        fearGreed.set(null);
        binanceUsedWeight.set(0);
    }

    /** The fixture at {@code src/test/resources/fake/<path>}. */
    static JsonNode fixture(String path) {
        try (InputStream in = FakeMarket.class.getResourceAsStream("/fake/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture fake/" + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    static String write(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
