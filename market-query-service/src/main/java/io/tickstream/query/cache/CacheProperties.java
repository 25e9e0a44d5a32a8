package io.tickstream.query.cache;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The two-tier cache, {@code tickstream.query.cache.*}.
 *
 * @param l1MaxEntries bound of the per-instance Caffeine cache, default 2,000 entries
 * @param l1MaxBytes   bound of the bytes held in it, default 64 MB: answers weigh their size, at least
 *                     {@code l1MaxBytes / l1MaxEntries} (so small answers are bounded by the entry count as before,
 *                     and pages of thousands of candles, hundreds of KB each, cannot fill the heap)
 * @param keyPrefix    prefix of the L2 keys in Redis, default {@code tickstream:query:cache:}
 * @param l2Timeout    longest an L2 read may take before the answer is computed instead, default 250 ms
 * @param ttl          per type ({@code quote}, {@code quotes}, {@code dashboard}, {@code movers}, {@code trades},
 *                     {@code candles}, {@code indicators}): missing types keep their defaults
 *                     (see {@link CacheType}); e.g. {@code tickstream.query.cache.ttl.candles.l2=2h}
 */
@Validated
@ConfigurationProperties("tickstream.query.cache")
public record CacheProperties(
        @DefaultValue("2000") @Min(1) @Max(10_000_000) int l1MaxEntries,
        @DefaultValue("tickstream:query:cache:") @NotBlank String keyPrefix,
        @DefaultValue("250ms") Duration l2Timeout,
        Map<CacheType, Ttl> ttl,
        @DefaultValue("64MB") org.springframework.util.unit.DataSize l1MaxBytes) {

    public CacheProperties {
        l1MaxBytes = l1MaxBytes == null ? org.springframework.util.unit.DataSize.ofMegabytes(64) : l1MaxBytes;
        if (l1MaxBytes.toBytes() < l1MaxEntries) {
            throw new IllegalArgumentException("l1-max-bytes must be at least one byte per entry: " + l1MaxBytes);
        }
        Map<CacheType, Ttl> merged = new EnumMap<>(CacheType.class);
        for (CacheType type : CacheType.values()) {
            merged.put(type, ttl != null && ttl.containsKey(type) ? ttl.get(type) : type.defaults());
        }
        ttl = Map.copyOf(merged);
    }

    /** The weight of an L1 answer of {@code bytes}: its size, at least an equal share of the bound. */
    int l1Weight(int bytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(bytes, l1MaxBytes.toBytes() / l1MaxEntries));
    }

    Ttl of(CacheType type) {
        return ttl.get(type);
    }

    /**
     * Times to live of one type.
     *
     * @param l1           in this instance's L1
     * @param l2           in the shared L2; zero keeps the type out of L2
     * @param refreshAfter an older entry is still served (stale-while-revalidate) while one refresh runs
     */
    public record Ttl(Duration l1, Duration l2, Duration refreshAfter) {
        public Ttl {
            l1 = l1 == null ? Duration.ofMinutes(5) : l1;
            l2 = l2 == null ? Duration.ofHours(1) : l2;
            refreshAfter = refreshAfter == null ? l1 : refreshAfter;
        }
    }
}
