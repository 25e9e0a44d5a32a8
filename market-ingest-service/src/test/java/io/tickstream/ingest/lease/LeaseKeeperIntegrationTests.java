package io.tickstream.ingest.lease;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.RedisTemplates;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.testkit.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeaseKeeperIntegrationTests {

    private final RedisTemplates redis = new RedisTemplates();
    private final LeaseProperties properties = new LeaseProperties(Duration.ofSeconds(2), Duration.ofMillis(300),
            TestKeys.unique("tickstream:ingest:lease") + ":");
    private final List<MarketSource> sources = List.of(named("binance"), named("kraken"), named("coinbase"));

    @AfterEach
    void cleanUp() {
        sources.forEach(s -> redis.template().delete(properties.keyPrefix() + s.name()).block());
        redis.close();
    }

    @Test
    void eachSourceHasExactlyOneHolderAndTheSurvivorTakesOverWhenTheHolderDies() {
        LeaseKeeper a = keeper("a");
        LeaseKeeper b = keeper("b");
        a.renewAll().block();
        b.renewAll().block();
        for (MarketSource source : sources) {
            assertThat(a.isHeld(source.name())).as(source.name()).isTrue();
            assertThat(b.isHeld(source.name())).as(source.name()).isFalse();
        }
        // a dies without releasing (crash): b takes over once the TTL runs out
        long diedAt = System.nanoTime();
        b.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sources.stream().allMatch(s -> b.isHeld(s.name())));
        assertThat(Duration.ofNanos(System.nanoTime() - diedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        b.stop();
    }

    @Test
    void aGracefulStopHandsTheLeasesOverAtOnce() {
        // a long TTL, so that b can only get the leases this soon because a gave them back
        LeaseProperties longLeases = new LeaseProperties(Duration.ofSeconds(30), Duration.ofMillis(300), properties.keyPrefix());
        LeaseKeeper a = keeper("a", longLeases);
        LeaseKeeper b = keeper("b", longLeases);
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.isHeld("binance"));
        b.start();
        a.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> sources.stream().allMatch(s -> b.isHeld(s.name())));
        assertThat(a.isHeld("binance")).isFalse();
        b.stop();
    }

    @Test
    void aLeaseIsNotHeldLongerThanItsTtlWithoutRenewal() {
        LeaseKeeper a = keeper("a");
        a.renewAll().block();
        assertThat(a.isHeld("kraken")).isTrue();
        await().atMost(Duration.ofSeconds(4)).until(() -> !a.isHeld("kraken"));
    }

    private LeaseKeeper keeper(String instance) {
        return keeper(instance, properties);
    }

    private LeaseKeeper keeper(String instance, LeaseProperties properties) {
        return new LeaseKeeper(redis.template(), properties, new IngestProperties(List.of("BTC"), instance),
                sources.stream().map(MarketSource::name).toList(),
                Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static MarketSource named(String name) {
        return new MarketSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<SourceSnapshot> fetch() {
                return Mono.empty();
            }
        };
    }
}
