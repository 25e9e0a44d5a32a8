package io.tickstream.streams.tail;

import io.tickstream.streams.StreamEntry;

import java.util.List;

/**
 * What a service does with what its {@link StreamTail} reads. Calls come one at a time, in stream order
 * per stream, on the tail's own thread (never a Redis event loop); a call should be quick. A call that
 * throws is logged and the tail goes on after those entries: a tail never loops on one bad entry (a
 * tail keeps no pending list; what must not be lost is a consumer group's job).
 */
public interface TailHandler {

    /**
     * A new epoch begins for {@code streams}, before any entry of it: at the first start (one call per read
     * loop, {@code first} true), and whenever the epoch key of those streams shows that the Redis holding
     * them lost its data ({@code first} false): what the handler holds of those streams is from a world
     * that is gone; what it holds of other streams is not. Without an epoch key only the first start is
     * announced, with an empty epoch.
     */
    default void onEpoch(java.util.Collection<String> streams, String epoch, boolean first) {
    }

    /**
     * Entries read, in stream order per stream.
     *
     * @param live false for history read back at a (re)start ({@link TailStart#recent}), true for new entries
     */
    void onEntries(List<StreamEntry> entries, boolean live);
}
