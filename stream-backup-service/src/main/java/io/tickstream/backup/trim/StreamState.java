package io.tickstream.backup.trim;

import io.tickstream.streams.StreamIds;

/**
 * What the backup group has done on one stream, from XINFO STREAM, XINFO GROUPS and XPENDING.
 *
 * @param stream          stream key
 * @param length          entries in the stream
 * @param entriesAdded    entries ever added (Redis 7); 0 when unknown
 * @param firstEntryId    the oldest entry still in the stream, null when it is empty
 * @param lastDeliveredId the group's last delivered id
 * @param entriesRead     entries the group has read (Redis 7), null when Redis cannot tell
 * @param pending         delivered, not yet acknowledged
 * @param lag             not yet delivered, null when Redis cannot tell (then {@code length} bounds it)
 * @param oldestPendingId the smallest pending id, null when nothing is pending
 */
record StreamState(String stream, long length, long entriesAdded, String firstEntryId, String lastDeliveredId,
                   Long entriesRead, long pending, Long lag, String oldestPendingId) {

    /**
     * Entries added to the stream that the group never read and that are gone: what a trim ahead of
     * the group (the ingest {@code MAXLEN} guard) dropped. Computed from Redis' counters when every
     * entry still in the stream is unread; else 0 (no sign of loss) or null (Redis cannot tell).
     */
    Long droppedUnread() {
        if (firstEntryId == null || StreamIds.compare(firstEntryId, lastDeliveredId) <= 0) {
            return 0L;
        }
        // a group that never read anything has no entries-read yet: it has read zero
        Long read = entriesRead != null ? entriesRead
                : StreamIds.compare(lastDeliveredId, StreamIds.ZERO) == 0 ? 0L : null;
        if (read == null || entriesAdded == 0) {
            return null;
        }
        return Math.max(0, entriesAdded - read - length);
    }

    /** Pending (delivered, unacknowledged) entries are older than the oldest entry left: they were trimmed. */
    boolean pendingTrimmed() {
        return oldestPendingId != null
                && (firstEntryId == null || StreamIds.compare(oldestPendingId, firstEntryId) < 0);
    }

    /** Entries not yet archived: pending plus not yet delivered. */
    long unarchived() {
        return pending + (lag != null ? lag : length);
    }

    /**
     * Below this id every entry is committed: the oldest pending entry, or when nothing is pending the
     * last delivered one (trimming keeps the id itself).
     */
    String committedBelow() {
        return oldestPendingId != null ? oldestPendingId : lastDeliveredId;
    }
}
