package io.tickstream.query.cache;

import io.tickstream.query.RedisAvailability;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/** The cache flow without Redis: L2 answers nothing (as while Redis is down). */
class TwoTierCacheTests {

    final MutableClock clock = new MutableClock();
    final RedisTier l2 = Mockito.mock(RedisTier.class);
    final CacheProperties properties = new CacheProperties(100, "p:", Duration.ofMillis(100),
            Map.of(CacheType.CANDLES, new CacheProperties.Ttl(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1))),
            org.springframework.util.unit.DataSize.ofKilobytes(100));
    final TwoTierCache cache;

    TwoTierCacheTests() {
        when(l2.get(any())).thenReturn(Mono.empty());
        when(l2.put(any(), any(), any())).thenReturn(Mono.empty());
        cache = new TwoTierCache(l2, properties, new RedisAvailability(clock), clock);
    }

    @Test
    void computesOnceThenAnswersFromL1() {
        CacheKey key = CacheKeys.candles("BTC", "1m", 1, 2, 3);
        AtomicInteger computed = new AtomicInteger();
        Mono<Cached> get = cache.get(key, () -> Mono.fromSupplier(() -> new byte[] {(byte) computed.incrementAndGet()}));
        StepVerifier.create(get).assertNext(c -> assertThat(c.tier()).isEqualTo(Cached.Tier.COMPUTED)).verifyComplete();
        StepVerifier.create(cache.get(key, () -> Mono.error(new AssertionError("no second computation"))))
                .assertNext(c -> assertThat(c.tier()).isEqualTo(Cached.Tier.L1)).verifyComplete();
        assertThat(computed).hasValue(1);
    }

    @Test
    void concurrentMissesShareOneComputation() {
        CacheKey key = CacheKeys.candles("ETH", "1m", 1, 2, 3);
        Sinks.One<byte[]> slow = Sinks.one();
        AtomicInteger computed = new AtomicInteger();
        Mono<Cached> first = cache.get(key, () -> slow.asMono().doOnSubscribe(s -> computed.incrementAndGet()));
        Mono<Cached> second = cache.get(key, () -> Mono.error(new AssertionError("joined, not computed")));
        slow.tryEmitValue(new byte[] {42});
        StepVerifier.create(Mono.zip(first, second)).assertNext(both -> {
            assertThat(both.getT1().body()).containsExactly(42);
            assertThat(both.getT2().body()).containsExactly(42);
        }).verifyComplete();
        assertThat(computed).hasValue(1);
    }

    @Test
    void anOldEntryIsAnsweredStaleWhileOneRefreshRuns() {
        CacheKey key = CacheKeys.candles("SOL", "1m", 1, 2, 3);
        StepVerifier.create(cache.get(key, () -> Mono.just(new byte[] {1}))).expectNextCount(1).verifyComplete();
        clock.advance(Duration.ofMinutes(2));
        Sinks.One<byte[]> refresh = Sinks.one();
        StepVerifier.create(cache.get(key, refresh::asMono))
                .assertNext(c -> {
                    assertThat(c.stale()).isTrue();
                    assertThat(c.body()).containsExactly(1);
                }).verifyComplete();
        refresh.tryEmitValue(new byte[] {2});
        StepVerifier.create(cache.get(key, () -> Mono.error(new AssertionError("fresh now"))))
                .assertNext(c -> {
                    assertThat(c.stale()).isFalse();
                    assertThat(c.body()).containsExactly(2);
                }).verifyComplete();
    }

    @Test
    void anAnswerTheCallerDoesNotKeepIsSentButComputedAgainNextTime() {
        CacheKey key = CacheKeys.candles("DOT", "1m", 1, 2, 3);
        AtomicInteger computed = new AtomicInteger();
        java.util.function.Supplier<Mono<byte[]>> compute = () -> Mono.fromSupplier(() -> new byte[] {(byte) computed.incrementAndGet()});
        // the first two answers are incomplete (not kept), the third is kept
        for (int i = 1; i <= 3; i++) {
            StepVerifier.create(cache.get(key, compute, body -> body[0] >= 3))
                    .assertNext(c -> assertThat(c.tier()).isEqualTo(Cached.Tier.COMPUTED)).verifyComplete();
        }
        StepVerifier.create(cache.get(key, compute, body -> body[0] >= 3))
                .assertNext(c -> {
                    assertThat(c.tier()).isEqualTo(Cached.Tier.L1);
                    assertThat(c.body()).containsExactly(3);
                }).verifyComplete();
        assertThat(computed).hasValue(3);
        Mockito.verify(l2, Mockito.times(1)).put(any(), any(), any());
    }

    @Test
    void aFailedComputationIsNotCached() {
        CacheKey key = CacheKeys.candles("ADA", "1m", 1, 2, 3);
        StepVerifier.create(cache.get(key, () -> Mono.error(new IllegalStateException("db down")))).verifyError(IllegalStateException.class);
        StepVerifier.create(cache.get(key, () -> Mono.just(new byte[] {7})))
                .assertNext(c -> assertThat(c.tier()).isEqualTo(Cached.Tier.COMPUTED)).verifyComplete();
    }

    @Test
    void clearByPatternRemovesOnlyMatchingL1Keys() {
        cache.putLocal(CacheKeys.candles("BTC", "1m", 1, 2, 3), new byte[] {1});
        cache.putLocal(CacheKeys.candles("ETH", "1m", 1, 2, 3), new byte[] {1});
        StepVerifier.create(cache.clear("candles:btc:*", true, false))
                .assertNext(r -> assertThat(r.l1Removed()).isEqualTo(1)).verifyComplete();
        assertThat(cache.local(CacheKeys.candles("ETH", "1m", 1, 2, 3))).isNotNull();
        assertThat(cache.local(CacheKeys.candles("BTC", "1m", 1, 2, 3))).isNull();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void l1IsBoundedByBytesAsWellAsByEntries() {
        // 100 KB for 100 entries: an answer weighs its size, at least 1 KB
        byte[] big = new byte[40_000];
        for (int i = 0; i < 10; i++) {
            cache.get(CacheKeys.candles("BTC", "1h", i, i + 1, 8760), () -> Mono.just(big)).block();
        }
        cache.l1().cleanUp();
        assertThat(cache.l1().estimatedSize()).as("40 KB answers in a 100 KB L1").isLessThanOrEqualTo(2);
        for (int i = 0; i < 300; i++) {
            cache.get(CacheKeys.quote("S" + i), () -> Mono.just(new byte[10])).block();
        }
        cache.l1().cleanUp();
        assertThat(cache.l1().estimatedSize()).as("small answers: the entry bound").isBetween(90L, 100L);
        assertThat(properties.l1Weight(10)).isEqualTo(1024);
        assertThat(properties.l1Weight(40_000)).isEqualTo(40_000);
    }
}
