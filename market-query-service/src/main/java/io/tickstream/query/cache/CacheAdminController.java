package io.tickstream.query.cache;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.tickstream.query.RedisAvailability;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /admin/cache/stats}: hits, misses, hit rate, size and evictions per tier, plus
 * computations, single-flight joins and stale answers. {@code POST /admin/cache/clear[?pattern=candles:btc:*][&tier=l1|l2|all]}
 * removes matching keys (default every key, both tiers). Other features' caches ({@link CacheStatsSource}, e.g.
 * {@code reports}) add their statistics to the same answer. The old system's {@code /cache-stats} and
 * {@code /clear-cache} answer the same.
 */
@RestController
@RequestMapping
class CacheAdminController {

    private static final Pattern GLOB = Pattern.compile("[a-z0-9:*,._-]{1,200}");

    private final TwoTierCache cache;
    private final RedisAvailability redis;
    private final List<CacheStatsSource> others;

    CacheAdminController(TwoTierCache cache, RedisAvailability redis, List<CacheStatsSource> others) {
        this.cache = cache;
        this.redis = redis;
        this.others = others;
    }

    @GetMapping({"/admin/cache/stats", "/cache-stats"})
    Mono<Map<String, Object>> stats() {
        return cache.l2().size().map(l2Size -> {
            CacheStats l1 = cache.l1().stats();
            Map<String, Object> l1Stats = new LinkedHashMap<>();
            l1Stats.put("hits", l1.hitCount());
            l1Stats.put("misses", l1.missCount());
            l1Stats.put("hitRate", l1.hitRate());
            l1Stats.put("size", cache.l1().estimatedSize());
            l1Stats.put("maxEntries", cache.properties().l1MaxEntries());
            l1Stats.put("evictions", l1.evictionCount());
            RedisTier l2 = cache.l2();
            Map<String, Object> l2Stats = new LinkedHashMap<>();
            l2Stats.put("hits", l2.hits.sum());
            l2Stats.put("misses", l2.misses.sum());
            l2Stats.put("hitRate", CacheMetrics.ratio(l2.hits.sum(), l2.misses.sum()));
            l2Stats.put("size", l2Size);
            l2Stats.put("errors", l2.errors.sum());
            l2Stats.put("available", !redis.degraded());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("l1", l1Stats);
            body.put("l2", l2Stats);
            body.put("computations", cache.computations.sum());
            body.put("singleFlightJoins", cache.joins.sum());
            body.put("staleServed", cache.staleServed.sum());
            body.put("ttl", cache.properties().ttl());
            others.forEach(other -> body.put(other.name(), other.stats()));
            return body;
        });
    }

    @PostMapping({"/admin/cache/clear", "/clear-cache"})
    Mono<TwoTierCache.ClearResult> clear(@RequestParam(defaultValue = "*") String pattern,
                                         @RequestParam(defaultValue = "all") String tier) {
        if (!GLOB.matcher(pattern).matches()) {
            return Mono.error(new ServerWebInputException(
                    "pattern must be 1-200 characters of a-z, 0-9, ':', ',', '.', '_', '-' and '*' (canonical keys are lower case)"));
        }
        return switch (tier) {
            case "l1" -> cache.clear(pattern, true, false);
            case "l2" -> cache.clear(pattern, false, true);
            case "all" -> cache.clear(pattern, true, true);
            default -> Mono.error(new ServerWebInputException("tier must be l1, l2 or all"));
        };
    }
}
