package io.tickstream.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.lease.LeaseKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.tickstream.testkit.OwnNettyResources;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ingest instances on the same Redis: each source is polled by exactly one of them, never both,
 * and when the holder stops the survivor takes every source over within seconds.
 */
class IngestTwoInstancesIntegrationTests {

    private static final List<String> POLLED = List.of("coingecko", "binance", "kraken", "coinbase");

    private final FakeMarketApis fake = FakeMarketApis.start().liveTimes();
    private final IngestTestSettings settings = new IngestTestSettings();
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @AfterEach
    void cleanUp() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {a, b}) {
            if (context != null && context.isActive()) {
                context.close();
            }
        }
        try (RedisTemplates redis = new RedisTemplates()) {
            redis.template().delete(settings.keys()).block();
        }
        fake.close();
    }

    @Test
    void twoInstancesNeverDoubleTheCallsAndTheSurvivorTakesOver() {
        a = start("ingest-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> POLLED.stream().allMatch(s -> leases(a).isHeld(s)));
        b = start("ingest-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> polls(a, "binance") > 3);

        // a window of 3 s with both running: every poll comes from a, none from b
        Map<String, Double> aBefore = pollsBySource(a);
        Map<String, Integer> callsBefore = calls();
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        for (String source : POLLED) {
            assertThat(polls(b, source)).as("b polls %s", source).isZero();
            assertThat(leases(b).isHeld(source)).as("b holds %s", source).isFalse();
            assertThat(polls(a, source) - aBefore.get(source)).as("a polls %s", source).isPositive();
        }
        // one poller at 300 ms: ~10 Binance calls in 3 s; two pollers would make ~20
        int binanceCalls = fake.requestCount("binance") - callsBefore.get("binance");
        assertThat(binanceCalls).isBetween(5, 14);

        long stoppedAt = System.nanoTime();
        a.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> POLLED.stream().allMatch(s -> leases(b).isHeld(s)));
        await().atMost(Duration.ofSeconds(5)).until(() -> POLLED.stream().allMatch(s -> polls(b, s) > 0));
        Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertThat(takeover).isLessThan(Duration.ofSeconds(5));
        int afterTakeover = fake.requestCount("binance");
        await().atMost(Duration.ofSeconds(3)).until(() -> fake.requestCount("binance") > afterTakeover + 3);
    }

    private ConfigurableApplicationContext start(String instanceId) {
        Map<String, Object> properties = new HashMap<>(settings.properties(fake, instanceId));
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        // as command-line arguments: builder properties are defaults that application.yml would override
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(IngestApplication.class, OwnNettyResources.class).run(args);
    }

    private static LeaseKeeper leases(ConfigurableApplicationContext context) {
        return context.getBean(LeaseKeeper.class);
    }

    private Map<String, Double> pollsBySource(ConfigurableApplicationContext context) {
        Map<String, Double> polls = new HashMap<>();
        POLLED.forEach(source -> polls.put(source, polls(context, source)));
        return polls;
    }

    private static double polls(ConfigurableApplicationContext context, String source) {
        return context.getBean(MeterRegistry.class).find("tickstream.ingest.polls").tag("source", source)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private Map<String, Integer> calls() {
        Map<String, Integer> calls = new HashMap<>();
        FakeMarketApis.SOURCES.forEach(source -> calls.put(source, fake.requestCount(source)));
        return calls;
    }
}
