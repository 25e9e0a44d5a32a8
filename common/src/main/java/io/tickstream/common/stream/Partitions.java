package io.tickstream.common.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * How the per-symbol streams ({@link StreamKeys#MARKET_DATA}) are split: into a fixed number of
 * partitions by symbol, each partition a stream of its own whose key carries a hash tag
 * ({@code crypto:market_data:{p3}}). Every symbol lives in exactly one partition, so its entries stay in
 * order; the partitions spread over a Redis Cluster's masters; and every per-symbol companion key (the
 * ingest's last-seen board, the query service's shared state, the push epoch) carries its partition's
 * tag, so no script crosses slots. On a standalone Redis or Sentinel the same layout works unchanged.
 *
 * <p>A symbol's partition is {@code CRC32(symbol) mod count}. Partition {@code i}'s tag is {@code p<i>}, or
 * {@code p<i>-<k>} with the smallest {@code k} that puts its slot in the {@code i}-th of {@code count}
 * equal shares of the 16,384 slots: so partitions are spread evenly over the slot space, and a cluster
 * created the usual way (equal slot ranges per master, as {@code redis-cli --cluster create} does) gets
 * {@code count / masters} partitions on every master.
 *
 * <p>Every service must use the same count (setting {@code tickstream.streams.partitions}); changing it
 * moves symbols between partitions, so drain the streams first (docs/operations.md).
 *
 * @param count number of partitions, 1 to {@link #MAX_COUNT}
 */
public record Partitions(int count) {

    /** The default number of partitions: 12 spreads evenly over 1, 2, 3, 4, 6 or 12 masters. */
    public static final int DEFAULT_COUNT = 12;
    /** The most partitions a layout may have. */
    public static final int MAX_COUNT = 1024;

    /** Tags per count, found once: a search over a few strings per partition. */
    private static final Map<Integer, List<String>> TAGS = new ConcurrentHashMap<>();

    public Partitions {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("partitions must be between 1 and " + MAX_COUNT + ", not " + count);
        }
    }

    /** The default layout, {@value #DEFAULT_COUNT} partitions. */
    public static Partitions defaults() {
        return new Partitions(DEFAULT_COUNT);
    }

    /** The partition of {@code symbol} (a canonical symbol, e.g. {@code BTC}). */
    public int of(String symbol) {
        CRC32 crc = new CRC32();
        crc.update(symbol.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    /** The hash tag of partition {@code partition}, without braces, e.g. {@code p3}. */
    public String tag(int partition) {
        if (partition < 0 || partition >= count) {
            throw new IllegalArgumentException("no partition " + partition + " of " + count);
        }
        return TAGS.computeIfAbsent(count, Partitions::findTags).get(partition);
    }

    private static List<String> findTags(int count) {
        List<String> tags = new ArrayList<>(count);
        for (int partition = 0; partition < count; partition++) {
            int low = (int) ((long) partition * KeySlots.SLOTS / count);
            int high = (int) ((long) (partition + 1) * KeySlots.SLOTS / count);
            for (int k = 0; ; k++) {
                String tag = k == 0 ? "p" + partition : "p" + partition + "-" + k;
                int slot = KeySlots.slot(tag);
                if (slot >= low && slot < high) {
                    tags.add(tag);
                    break;
                }
            }
        }
        return List.copyOf(tags);
    }

    /** The key of partition {@code partition} of the stream {@code base}: {@code <base>:{<tag>}}. */
    public String key(String base, int partition) {
        return base + ":{" + tag(partition) + "}";
    }

    /** The partition key of {@code base} that holds {@code symbol}. */
    public String keyFor(String base, String symbol) {
        return key(base, of(symbol));
    }

    /** Every partition key of {@code base}, partition 0 first. */
    public List<String> keys(String base) {
        List<String> keys = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            keys.add(key(base, p));
        }
        return List.copyOf(keys);
    }

    /** True when {@code stream} is one of the partition keys of {@code base}. */
    public boolean isPartitionOf(String base, String stream) {
        return stream.startsWith(base + ":{") && keys(base).contains(stream);
    }
}
