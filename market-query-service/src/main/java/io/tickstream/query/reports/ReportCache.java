package io.tickstream.query.reports;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.tickstream.query.cache.CacheStatsSource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The report cache: rendered report answers (JSON, page, PDF) in this instance's memory (Caffeine), keyed
 * {@code report:<id>:json|page|pdf}. Reports never change, so entries live long ({@code cache-ttl}, 24 h)
 * within a bound ({@code cache-entries}, 200); concurrent misses of one key share one rendering. A report
 * that does not exist is not cached. Its statistics are part of {@code /admin/cache/stats} ({@code reports}).
 */
@Component
class ReportCache implements CacheStatsSource {

    private final AsyncCache<String, byte[]> cache;
    private final ReportProperties properties;
    /** The report primed at start, -1 until then. */
    final AtomicLong primedId = new AtomicLong(-1);

    ReportCache(ReportProperties properties) {
        this.properties = properties;
        this.cache = Caffeine.newBuilder().maximumSize(properties.cacheEntries()).expireAfterWrite(properties.cacheTtl())
                .recordStats().buildAsync();
    }

    /** A rendered answer and whether it came from the cache. */
    record Answer(byte[] body, boolean hit) {
        String header() {
            return hit ? "HIT" : "MISS";
        }
    }

    static String key(long id, String form) {
        return "report:" + id + ":" + form;
    }

    /** The cached answer of {@code key}, else {@code render}'s (stored); empty when {@code render} is. */
    Mono<Answer> get(String key, Supplier<Mono<byte[]>> render) {
        return Mono.defer(() -> {
            AtomicBoolean rendered = new AtomicBoolean();
            CompletableFuture<byte[]> answer = cache.get(key, (k, executor) -> {
                rendered.set(true);
                return render.get().toFuture();
            });
            // suppress cancel: one caller going away must not cancel a rendering others share
            return Mono.fromFuture(answer, true).map(body -> new Answer(body, !rendered.get()));
        });
    }

    @Override
    public String name() {
        return "reports";
    }

    @Override
    public Map<String, Object> stats() {
        CacheStats stats = cache.synchronous().stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hits", stats.hitCount());
        body.put("misses", stats.missCount());
        body.put("hitRate", stats.hitRate());
        body.put("size", cache.synchronous().estimatedSize());
        body.put("maxEntries", properties.cacheEntries());
        body.put("evictions", stats.evictionCount());
        body.put("ttl", properties.cacheTtl().toString());
        long primed = primedId.get();
        body.put("primedReportId", primed < 0 ? null : primed);
        return body;
    }
}
