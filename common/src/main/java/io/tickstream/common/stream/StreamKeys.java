package io.tickstream.common.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis keys of the Tickstream streams. Services take these names from here and nowhere else.
 *
 * <p>Quotes are partitioned by symbol ({@link Partitions}): {@link #MARKET_DATA} is the base name, and
 * the streams are its partition keys {@code crypto:market_data:{p0}} … The summary, health and control
 * streams are single streams. A key that belongs with a stream (a script names both, or it describes the
 * stream) is placed in the stream's hash slot with {@link #companion} or {@link #inSlotOf}, so that no
 * command or script crosses slots on a Redis Cluster.
 */
public final class StreamKeys {

    /**
     * Base name of the quote streams, one entry per normalized quote of one symbol from one source at one
     * source time; the streams themselves are its {@link Partitions partition keys}.
     */
    public static final String MARKET_DATA = "crypto:market_data";
    /**
     * Base name of the trade streams, one entry per trade on one venue, partitioned by symbol exactly like
     * {@link #MARKET_DATA} (same partition count, same hash tags: a symbol's quotes and trades share a slot).
     */
    public static final String TRADES = "crypto:trades";
    /**
     * Base name of the bar streams: closed OHLCV bars from the sources' history APIs (backfill), partitioned by
     * symbol exactly like {@link #MARKET_DATA}.
     */
    public static final String BARS = "crypto:bars";
    /** One entry per global market summary (totals, dominance, fear &amp; greed). */
    public static final String DASHBOARD = "crypto:dashboard";
    /** One entry per source health transition. */
    public static final String HEALTH = "system:health";
    /**
     * Commands to the ingest service, e.g. fields {@code command=refresh}, {@code source=binance}
     * (or {@code all}); see {@link ControlCommand}.
     */
    public static final String INGEST_CONTROL = "tickstream:ingest:control";

    private StreamKeys() {
    }

    /** The data streams of the default names: every quote partition, then the summary and health streams. */
    public static List<String> dataStreams(Partitions partitions) {
        return dataStreams(partitions, MARKET_DATA, DASHBOARD, HEALTH);
    }

    /** The data streams: every partition of {@code marketData}, then {@code dashboard} and {@code health}. */
    public static List<String> dataStreams(Partitions partitions, String marketData, String dashboard, String health) {
        List<String> streams = new ArrayList<>(partitions.keys(marketData));
        streams.add(dashboard);
        streams.add(health);
        return List.copyOf(streams);
    }

    /** The trade streams of the default name: every partition of {@link #TRADES}. */
    public static List<String> tradeStreams(Partitions partitions) {
        return partitions.keys(TRADES);
    }

    /**
     * The dead-letter stream of {@code stream}: entries a consumer gave up on, with the reason. A partition's
     * dead letters share its hash tag; no command names a stream and its dead letters together.
     */
    public static String deadLetter(String stream) {
        return stream + ":dlq";
    }

    /**
     * A key beside {@code stream}, in its hash slot: {@code <stream>:<suffix>} when the stream carries a
     * hash tag ({@code crypto:market_data:{p3}:ingest:last}), else {@code {<stream>}:<suffix>}
     * ({@code {crypto:dashboard}:ingest:last}), which hashes exactly like the stream.
     */
    public static String companion(String stream, String suffix) {
        return KeySlots.hasHashTag(stream) ? stream + ":" + suffix : "{" + stream + "}:" + suffix;
    }

    /**
     * A key of a service's own under {@code prefix}, in the hash slot of {@code stream}:
     * {@code <prefix>:{<hash tag of stream>}}, e.g. {@code tickstream:push:epoch:{p3}}.
     */
    public static String inSlotOf(String prefix, String stream) {
        return prefix + ":{" + KeySlots.hashTag(stream) + "}";
    }
}
