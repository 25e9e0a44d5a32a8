package io.tickstream.query.cache;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/**
 * Cache statistics per tier as metrics: {@code tickstream_query_cache_requests_total{tier,result}}
 * (hit, miss; L2 also error), {@code tickstream_query_cache_evictions_total{tier="l1"}},
 * {@code tickstream_query_cache_size{tier="l1"}}, {@code tickstream_query_cache_hit_ratio{tier}},
 * {@code tickstream_query_cache_computations_total}, {@code tickstream_query_cache_stale_served_total}.
 */
@Component
class CacheMetrics implements SmartInitializingSingleton {

    private final TwoTierCache cache;
    private final MeterRegistry registry;

    CacheMetrics(TwoTierCache cache, MeterRegistry registry) {
        this.cache = cache;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        RedisTier l2 = cache.l2();
        counter("tickstream.query.cache.requests", "l1", "hit", c -> l1(c).hitCount());
        counter("tickstream.query.cache.requests", "l1", "miss", c -> l1(c).missCount());
        counter("tickstream.query.cache.requests", "l2", "hit", c -> l2.hits.sum());
        counter("tickstream.query.cache.requests", "l2", "miss", c -> l2.misses.sum());
        counter("tickstream.query.cache.requests", "l2", "error", c -> l2.errors.sum());
        FunctionCounter.builder("tickstream.query.cache.evictions", cache, c -> l1(c).evictionCount())
                .tag("tier", "l1").register(registry);
        Gauge.builder("tickstream.query.cache.size", cache, c -> c.l1().estimatedSize()).tag("tier", "l1").register(registry);
        Gauge.builder("tickstream.query.cache.hit.ratio", cache, c -> l1(c).hitRate()).tag("tier", "l1").register(registry);
        Gauge.builder("tickstream.query.cache.hit.ratio", cache, c -> ratio(l2.hits.sum(), l2.misses.sum()))
                .tag("tier", "l2").register(registry);
        FunctionCounter.builder("tickstream.query.cache.computations", cache, c -> c.computations.sum()).register(registry);
        FunctionCounter.builder("tickstream.query.cache.stale.served", cache, c -> c.staleServed.sum()).register(registry);
    }

    private void counter(String name, String tier, String result, ToDoubleFunction<TwoTierCache> value) {
        FunctionCounter.builder(name, cache, value).tag("tier", tier).tag("result", result).register(registry);
    }

    private static CacheStats l1(TwoTierCache cache) {
        return cache.l1().stats();
    }

    static double ratio(long hits, long misses) {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }
}
