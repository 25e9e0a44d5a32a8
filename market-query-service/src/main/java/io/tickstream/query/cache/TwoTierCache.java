package io.tickstream.query.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tickstream.query.RedisAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Cache-or-compute over two tiers: L1 (Caffeine, this instance, bounded, TTL per type) then L2
 * (Redis, shared, TTL per type; a hit is promoted to L1), else the computation, whose answer is
 * stored in both. At most one computation per key runs at a time in this instance (single flight):
 * concurrent misses of a cold key wait for the same one. An entry older than its type's
 * {@code refreshAfter} is still answered (marked stale) while one refresh runs in the background.
 * Redis failures never fail a request: L2 is then skipped and answers say they may be stale.
 */
@Component
public class TwoTierCache {

    private static final Logger log = LoggerFactory.getLogger(TwoTierCache.class);

    private final Cache<String, Entry> l1;
    private final RedisTier l2;
    private final CacheProperties properties;
    private final RedisAvailability availability;
    private final Clock clock;
    private final Map<String, CompletableFuture<Cached>> inflight = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    final LongAdder computations = new LongAdder();
    final LongAdder joins = new LongAdder();
    final LongAdder staleServed = new LongAdder();

    TwoTierCache(RedisTier l2, CacheProperties properties, RedisAvailability availability, Clock clock) {
        this.l2 = l2;
        this.properties = properties;
        this.availability = availability;
        this.clock = clock;
        this.l1 = Caffeine.newBuilder()
                // bytes, not entries: a year of hourly candles is a 1.4 MB answer (see CacheProperties)
                .maximumWeight(properties.l1MaxBytes().toBytes())
                .weigher((String key, Entry entry) -> properties.l1Weight(entry.body().length))
                .expireAfter(Expiry.<String, Entry>writing((key, entry) -> properties.of(entry.type()).l1()))
                .recordStats()
                // maintenance (buffer drains, expiry) on the calling thread: no hand-off to the common
                // pool per burst of reads, which costs latency on a small, busy machine
                .executor(Runnable::run)
                .build();
    }

    /** The answer for {@code key}: L1, else L2, else {@code compute} (once per key at a time). */
    public Mono<Cached> get(CacheKey key, Supplier<Mono<byte[]>> compute) {
        return get(key, compute, body -> true);
    }

    /**
     * As {@link #get(CacheKey, Supplier)}, but a computed answer is stored only when {@code keep} says so: an answer
     * that is known to be incomplete (e.g. indicators while the history is still arriving) is sent, not kept, so the
     * next request computes again rather than being answered the incomplete one for the entry's lifetime.
     */
    public Mono<Cached> get(CacheKey key, Supplier<Mono<byte[]>> compute, Predicate<byte[]> keep) {
        Entry held = l1.getIfPresent(key.value());
        if (held != null) {
            if (isOld(held)) {
                refresh(key, compute, keep);
                staleServed.increment();
                return Mono.just(new Cached(held.body(), Cached.Tier.L1, true));
            }
            return Mono.just(new Cached(held.body(), Cached.Tier.L1, availability.degraded()));
        }
        return load(key, compute, keep);
    }

    /** The L1 body of {@code key} if present (counted as a hit or a miss); the hot path of quotes. */
    public byte[] local(CacheKey key) {
        Entry held = l1.getIfPresent(key.value());
        return held == null ? null : held.body();
    }

    /** Puts a body computed elsewhere (e.g. serialized once per stream update) into L1 only. */
    public void putLocal(CacheKey key, byte[] body) {
        l1.put(key.value(), new Entry(body, key.type(), clock.millis()));
    }

    /** Stores a fresh answer in both tiers (e.g. after a forced refresh). */
    public Mono<Void> put(CacheKey key, byte[] body) {
        Entry entry = new Entry(body, key.type(), clock.millis());
        l1.put(key.value(), entry);
        return l2.put(key, entry, properties.of(key.type()).l2());
    }

    private Mono<Cached> load(CacheKey key, Supplier<Mono<byte[]>> compute, Predicate<byte[]> keep) {
        CompletableFuture<Cached> mine = new CompletableFuture<>();
        CompletableFuture<Cached> running = inflight.putIfAbsent(key.value(), mine);
        if (running != null) {
            joins.increment();
            return Mono.fromFuture(running, true);
        }
        // subscribed here, not by the caller: a caller that goes away does not cancel the others' answer
        fromL2(key, compute, keep)
                .switchIfEmpty(Mono.defer(() -> computeAndStore(key, compute, keep)))
                .subscribe(mine::complete, mine::completeExceptionally, () -> mine.complete(null));
        return Mono.fromFuture(mine.whenComplete((value, error) -> inflight.remove(key.value(), mine)), true);
    }

    private Mono<Cached> fromL2(CacheKey key, Supplier<Mono<byte[]>> compute, Predicate<byte[]> keep) {
        return l2.get(key).map(entry -> {
            l1.put(key.value(), entry);
            boolean old = isOld(entry);
            if (old) {
                refresh(key, compute, keep);
                staleServed.increment();
            }
            return new Cached(entry.body(), Cached.Tier.L2, old || availability.degraded());
        });
    }

    private Mono<Cached> computeAndStore(CacheKey key, Supplier<Mono<byte[]>> compute, Predicate<byte[]> keep) {
        computations.increment();
        return compute.get().flatMap(body -> {
            if (!keep.test(body)) {
                return Mono.just(new Cached(body, Cached.Tier.COMPUTED, availability.degraded()));
            }
            Entry entry = new Entry(body, key.type(), clock.millis());
            l1.put(key.value(), entry);
            // L2 is written in the background: the answer does not wait for Redis
            l2.put(key, entry, properties.of(key.type()).l2()).subscribe();
            return Mono.just(new Cached(body, Cached.Tier.COMPUTED, availability.degraded()));
        });
    }

    /** One background refresh per key at a time; the old entry is answered meanwhile. */
    private void refresh(CacheKey key, Supplier<Mono<byte[]>> compute, Predicate<byte[]> keep) {
        if (!refreshing.add(key.value())) {
            return;
        }
        computeAndStore(key, compute, keep)
                .doFinally(signal -> refreshing.remove(key.value()))
                .subscribe(ok -> { }, e -> log.warn("refreshing {} failed, the old answer stays: {}", key, e.toString()));
    }

    private boolean isOld(Entry entry) {
        return clock.millis() - entry.storedAt() >= properties.of(entry.type()).refreshAfter().toMillis();
    }

    /** Removes the keys matching {@code glob} ({@code *} any run of characters) from the chosen tiers. */
    Mono<ClearResult> clear(String glob, boolean fromL1, boolean fromL2) {
        long removed = 0;
        if (fromL1) {
            Pattern pattern = Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
            Set<String> keys = Set.copyOf(l1.asMap().keySet());
            for (String k : keys) {
                if (pattern.matcher(k).matches()) {
                    l1.invalidate(k);
                    removed++;
                }
            }
        }
        long l1Removed = removed;
        if (!fromL2) {
            return Mono.just(new ClearResult(glob, l1Removed, 0, null));
        }
        return l2.delete(glob)
                .map(n -> new ClearResult(glob, l1Removed, n, null))
                .onErrorResume(e -> Mono.just(new ClearResult(glob, l1Removed, 0, "L2 not cleared: " + e.getMessage())));
    }

    Cache<String, Entry> l1() {
        return l1;
    }

    RedisTier l2() {
        return l2;
    }

    CacheProperties properties() {
        return properties;
    }

    /** A cached body, its type (for its TTLs) and when it was computed (epoch ms). */
    record Entry(byte[] body, CacheType type, long storedAt) {
    }

    /** What a clear removed; {@code l2Error} says why L2 was not cleared, else null. */
    record ClearResult(String pattern, long l1Removed, long l2Removed, String l2Error) {
    }
}
