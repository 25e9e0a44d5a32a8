package io.tickstream.gateway.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The API keys of the suite, as the rate limiter and the admin endpoint use them. A key presented by a client
 * is looked up by its SHA-256 in Redis and the answer (known, with its plan, or unknown) kept by this instance
 * for {@code cache-for}, so a busy client costs one Redis lookup per period, and so does a client sending the
 * same invented key again and again.
 */
@Component
public class ApiKeys {

    private final ApiKeyProperties properties;
    private final ApiKeyStore store;
    private final Cache<String, Lookup> looked;
    private final Clock clock = Clock.systemUTC();
    private final Mono<Long> deadline;

    public ApiKeys(ApiKeyProperties properties, ReactiveStringRedisTemplate redis) {
        this.properties = properties;
        this.store = new ApiKeyStore(redis, properties.keyPrefix());
        this.looked = Caffeine.newBuilder().maximumSize(properties.cacheSize()).expireAfterWrite(properties.cacheFor()).build();
        this.deadline = Mono.delay(properties.lookupTimeout());
    }

    /** What this instance remembers about {@code key}; null when it must ask Redis ({@link #find}). */
    public Lookup cached(String key) {
        return looked.getIfPresent(ApiKeyStore.sha256(key));
    }

    /**
     * What {@code key} is: {@link Lookup.Known} with its plan, or {@link Lookup.Unknown}; an error signal when
     * Redis cannot be asked within {@code lookup-timeout} (the caller's Redis-down policy applies).
     */
    public Mono<Lookup> find(String key) {
        String sha = ApiKeyStore.sha256(key);
        Lookup cached = looked.getIfPresent(sha);
        if (cached != null) {
            return Mono.just(cached);
        }
        return store.findByHash(sha)
                .<Lookup>map(found -> new Lookup.Known(found, properties.plans().get(found.plan())))
                .defaultIfEmpty(new Lookup.Unknown())
                .timeout(deadline, Mono.error(() -> new TimeoutException("no answer from Redis within "
                        + properties.lookupTimeout().toMillis() + " ms")))
                .doOnNext(lookup -> looked.put(sha, lookup));
    }

    /** A new key of {@code plan}; an {@link IllegalArgumentException} signal for an unknown plan. */
    Mono<ApiKeyStore.Created> create(String plan) {
        if (plan == null || !properties.plans().containsKey(plan)) {
            return Mono.error(new IllegalArgumentException("unknown plan '" + plan + "'; plans: "
                    + new java.util.TreeSet<>(properties.plans().keySet())));
        }
        return store.create(plan, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** Revokes key {@code id} (at once on this instance, within {@code cache-for} on the others). */
    Mono<Boolean> revoke(String id) {
        return store.revoke(id).doOnNext(removed -> looked.asMap().values()
                .removeIf(lookup -> lookup instanceof Lookup.Known known && known.key().id().equals(id)));
    }

    Flux<ApiKey> list() {
        return store.list();
    }

    /** The plan of that name, if configured. */
    Optional<ApiKeyProperties.Plan> plan(String name) {
        return Optional.ofNullable(properties.plans().get(name));
    }

    /** What a presented key is. */
    public sealed interface Lookup {

        /**
         * A key the gateway made and has not revoked.
         *
         * @param key  its record
         * @param plan its plan's limits; null when its plan is no longer configured (the anonymous limits apply)
         */
        record Known(ApiKey key, ApiKeyProperties.Plan plan) implements Lookup {
        }

        /** Not a key of this gateway (invented, mistyped or revoked). */
        record Unknown() implements Lookup {
        }
    }
}
