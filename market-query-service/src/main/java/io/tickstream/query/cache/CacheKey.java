package io.tickstream.query.cache;

/**
 * A canonical cache key, {@code type:identifier:params} in lower case, made only by {@link CacheKeys}.
 *
 * @param type  what is cached (its TTLs)
 * @param value the key itself, e.g. {@code candles:btc:1m:1763800000:1763830000:500}
 */
public record CacheKey(CacheType type, String value) {

    @Override
    public String toString() {
        return value;
    }
}
