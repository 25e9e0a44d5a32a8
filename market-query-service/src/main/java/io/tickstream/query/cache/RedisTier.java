package io.tickstream.query.cache;

import io.lettuce.core.cluster.SlotHash;

import io.tickstream.query.RedisAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * L2: answers shared by every instance in Redis, {@code <prefix><key>} → 8 bytes of the time stored
 * (epoch ms) then the body. Fails open: an error or a slow answer (beyond
 * {@link CacheProperties#l2Timeout()}) is a miss, recorded in {@link RedisAvailability}, which then
 * keeps reads away from Redis for a short pause so an outage costs no request a timeout.
 */
@Component
class RedisTier {

    private static final Logger log = LoggerFactory.getLogger(RedisTier.class);
    private static final Duration SIZE_TIMEOUT = Duration.ofSeconds(10);

    private final ReactiveRedisTemplate<String, byte[]> redis;
    private final RedisAvailability availability;
    private final CacheProperties properties;
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder errors = new LongAdder();

    RedisTier(ReactiveRedisConnectionFactory connections, RedisAvailability availability, CacheProperties properties) {
        this.redis = new ReactiveRedisTemplate<>(connections, RedisSerializationContext
                .<String, byte[]>newSerializationContext(RedisSerializer.string())
                .value(RedisSerializer.byteArray()).build());
        this.availability = availability;
        this.properties = properties;
    }

    /** The stored entry, or empty on a miss, an error, or while Redis is known to be down. */
    Mono<TwoTierCache.Entry> get(CacheKey key) {
        if (!availability.worthTrying()) {
            misses.increment();
            return Mono.empty();
        }
        return redis.opsForValue().get(properties.keyPrefix() + key.value())
                .timeout(properties.l2Timeout())
                .doOnSuccess(value -> {
                    availability.succeeded();
                    (value == null ? misses : hits).increment();
                })
                .map(value -> decode(key, value))
                .onErrorResume(this::failed);
    }

    /** Stores {@code entry} for {@code ttl}; never fails (an error is recorded). */
    Mono<Void> put(CacheKey key, TwoTierCache.Entry entry, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative() || !availability.worthTrying()) {
            return Mono.empty();
        }
        ByteBuffer value = ByteBuffer.allocate(Long.BYTES + entry.body().length);
        value.putLong(entry.storedAt()).put(entry.body());
        return redis.opsForValue().set(properties.keyPrefix() + key.value(), value.array(), ttl)
                .timeout(properties.l2Timeout())
                .doOnSuccess(ok -> availability.succeeded())
                .then()
                .onErrorResume(e -> failed(e).then());
    }

    /**
     * Deletes the keys matching {@code pattern} (a Redis glob over the canonical keys); emits how many. On a
     * Redis Cluster the SCAN goes over every master (Lettuce's cluster scan), and the keys are unlinked per slot.
     */
    Mono<Long> delete(String pattern) {
        return redis.scan(ScanOptions.scanOptions().match(properties.keyPrefix() + pattern).count(500).build())
                .buffer(500)
                // one UNLINK per hash slot: on a cluster a multi-key command may name keys of one slot only
                .concatMap(keys -> Flux.fromIterable(keys.stream()
                                .collect(java.util.stream.Collectors.groupingBy(SlotHash::getSlot)).values())
                        .concatMap(slot -> redis.unlink(slot.toArray(String[]::new))))
                .reduce(0L, Long::sum)
                .timeout(Duration.ofSeconds(30))
                .doOnSuccess(n -> availability.succeeded())
                .doOnError(availability::failed);
    }

    /**
     * How many keys L2 holds (a SCAN over the prefix, on a cluster over every master; for the admin endpoint
     * only), or -1 when Redis did not answer within 10 s (logged: a full SCAN of a busy cluster is slow, and a
     * size that silently reads -1 hides why).
     */
    Mono<Long> size() {
        return redis.scan(ScanOptions.scanOptions().match(properties.keyPrefix() + "*").count(1000).build())
                .count()
                .timeout(SIZE_TIMEOUT)
                .doOnError(e -> log.warn("counting the L2 keys failed: {}", e.toString()))
                .onErrorReturn(-1L);
    }

    private static TwoTierCache.Entry decode(CacheKey key, byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        long storedAt = buffer.getLong();
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        return new TwoTierCache.Entry(body, key.type(), storedAt);
    }

    private <T> Mono<T> failed(Throwable e) {
        errors.increment();
        misses.increment();
        availability.failed(e);
        return Mono.empty();
    }
}
