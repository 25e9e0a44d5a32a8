package io.tickstream.gateway.apikey;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * API keys in Redis, shared by every gateway instance. A key is 32 random bytes (base64url, prefix
 * {@code tsk_}); Redis holds only its SHA-256, under {@code <prefix>hash:<sha256>} (id, plan, created), the
 * record {@code <prefix>id:<id>} (sha256, plan, created) and the set of ids {@code <prefix>ids}. Create and
 * revoke are one script each, so no reader sees half a key.
 */
final class ApiKeyStore {

    static final String KEY_PREFIX = "tsk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final RedisScript<Long> CREATE = RedisScript.of("""
            redis.call('HSET', KEYS[1], 'id', ARGV[1], 'plan', ARGV[2], 'created', ARGV[3])
            redis.call('HSET', KEYS[2], 'sha256', ARGV[4], 'plan', ARGV[2], 'created', ARGV[3])
            redis.call('SADD', KEYS[3], ARGV[1])
            return 1""", Long.class);
    /**
     * The record by hash is named from the id's record, not declared: on a cluster all three keys share the
     * prefix's hash tag, and so one slot.
     */
    private static final RedisScript<Long> REVOKE = RedisScript.of("""
            local sha = redis.call('HGET', KEYS[1], 'sha256')
            redis.call('SREM', KEYS[2], ARGV[1])
            if not sha then return 0 end
            redis.call('DEL', ARGV[2] .. sha, KEYS[1])
            return 1""", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    ApiKeyStore(ReactiveStringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** A new key of {@code plan}: the stored record and the key itself, which is never kept. */
    Mono<Created> create(String plan, Instant now) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[9];
        RANDOM.nextBytes(idBytes);
        String id = "key_" + HexFormat.of().formatHex(idBytes);
        String sha = sha256(key);
        ApiKey record = new ApiKey(id, plan, now);
        return redis.execute(CREATE, List.of(prefix + "hash:" + sha, prefix + "id:" + id, prefix + "ids"),
                        List.of(id, plan, Long.toString(now.toEpochMilli()), sha))
                .then(Mono.just(new Created(record, key)));
    }

    /** Revokes key {@code id}; false when there is no such key. */
    Mono<Boolean> revoke(String id) {
        return redis.execute(REVOKE, List.of(prefix + "id:" + id, prefix + "ids"), List.of(id, prefix + "hash:"))
                .next().map(removed -> removed == 1L).defaultIfEmpty(false);
    }

    /** Every key's record, oldest first. */
    Flux<ApiKey> list() {
        return redis.opsForSet().members(prefix + "ids")
                .flatMap(id -> redis.<String, String>opsForHash().entries(prefix + "id:" + id).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                        .filter(fields -> fields.containsKey("plan"))
                        .map(fields -> new ApiKey(id, fields.get("plan"), Instant.ofEpochMilli(Long.parseLong(fields.get("created"))))))
                .sort(java.util.Comparator.comparing(ApiKey::created).thenComparing(ApiKey::id));
    }

    /** The record of the key whose SHA-256 is {@code sha}; empty when no such key exists. */
    Mono<ApiKey> findByHash(String sha) {
        return redis.<String, String>opsForHash().entries(prefix + "hash:" + sha).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(fields -> fields.containsKey("id") && fields.containsKey("plan"))
                .map(fields -> new ApiKey(fields.get("id"), fields.get("plan"),
                        Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("created", "0")))));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key just made.
     *
     * @param record what is stored
     * @param key    the key, to hand to its owner once
     */
    record Created(ApiKey record, String key) {
    }
}
