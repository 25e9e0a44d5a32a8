package io.tickstream.backup.archive;

/**
 * What one write did.
 *
 * @param written rows inserted
 * @param skipped rows already present (same idempotency key): redeliveries and replays
 */
public record WriteResult(long written, long skipped) {

    static final WriteResult NONE = new WriteResult(0, 0);

    WriteResult plus(WriteResult other) {
        return new WriteResult(written + other.written, skipped + other.skipped);
    }
}
