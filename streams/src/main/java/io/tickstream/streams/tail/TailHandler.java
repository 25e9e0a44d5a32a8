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
     * A new epoch begins, before any entry of it: at the first start, and whenever the epoch key shows
     * that Redis lost its data ({@code first} false): what the handler holds is from a world that is gone.
     * Without an epoch key only the first start is announced, with an empty epoch.
     */
    default void onEpoch(String epoch, boolean first) {
    }

    /**
     * Entries read, in stream order per stream.
     *
     * @param live false for history read back at a (re)start ({@link TailStart#recent}), true for new entries
     */
    void onEntries(List<StreamEntry> entries, boolean live);
}
