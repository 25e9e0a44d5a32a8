package io.tickstream.ingest.source;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test data for the source adapters: their settings and HTTP clients, without Spring. */
public final class SourceFixtures {

    /** The symbols most adapter tests track. */
    public static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL");

    /** Long enough for a cold first call on a slow machine; the timeout tests set their own. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private SourceFixtures() {
    }

    /** Settings for a source at {@code baseUrl}: quote USD, generous budget, no key, no retries. */
    public static SourceProperties properties(String baseUrl) {
        return new SourceProperties(true, baseUrl, Duration.ofSeconds(10), TIMEOUT, budget(1000, 0, 0.8),
                new SourceProperties.RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(50), 0, Duration.ofSeconds(60)),
                new SourceProperties.BreakerPolicy(10, 4, 50, Duration.ofSeconds(30)),
                Duration.ofMinutes(5), "USD", "", Map.of());
    }

    /** {@code properties} with another quote currency. */
    public static SourceProperties withQuote(SourceProperties p, String quoteCurrency) {
        return new SourceProperties(p.enabled(), p.baseUrl(), p.pollInterval(), p.timeout(), p.budget(), p.retry(),
                p.breaker(), p.maxAge(), quoteCurrency, p.apiKey(), p.symbolIds());
    }

    /** {@code properties} with another timeout. */
    public static SourceProperties withTimeout(SourceProperties p, Duration timeout) {
        return new SourceProperties(p.enabled(), p.baseUrl(), p.pollInterval(), timeout, p.budget(), p.retry(),
                p.breaker(), p.maxAge(), p.quoteCurrency(), p.apiKey(), p.symbolIds());
    }

    /** {@code properties} with another budget. */
    public static SourceProperties withBudget(SourceProperties p, SourceProperties.Budget budget) {
        return new SourceProperties(p.enabled(), p.baseUrl(), p.pollInterval(), p.timeout(), budget, p.retry(),
                p.breaker(), p.maxAge(), p.quoteCurrency(), p.apiKey(), p.symbolIds());
    }

    /** {@code properties} with an API key. */
    public static SourceProperties withApiKey(SourceProperties p, String apiKey) {
        return new SourceProperties(p.enabled(), p.baseUrl(), p.pollInterval(), p.timeout(), p.budget(), p.retry(),
                p.breaker(), p.maxAge(), p.quoteCurrency(), apiKey, p.symbolIds());
    }

    /** {@code properties} with the source's own names of some symbols. */
    public static SourceProperties withSymbolIds(SourceProperties p, Map<String, String> symbolIds) {
        return new SourceProperties(p.enabled(), p.baseUrl(), p.pollInterval(), p.timeout(), p.budget(), p.retry(),
                p.breaker(), p.maxAge(), p.quoteCurrency(), p.apiKey(), symbolIds);
    }

    /** {@code requests} per minute; {@code usageLimit} and {@code slowDownAtUsage} for reported usage. */
    public static SourceProperties.Budget budget(int requests, int usageLimit, double slowDownAtUsage) {
        return new SourceProperties.Budget(requests, Duration.ofMinutes(1), slowDownAtUsage, usageLimit);
    }

    /** The factory as the application builds it, with a fresh meter registry. */
    public static SourceHttpClientFactory httpClients(Clock clock) {
        return new SourceHttpClientFactory(WebClient.builder(), new SimpleMeterRegistry(), clock);
    }
}
