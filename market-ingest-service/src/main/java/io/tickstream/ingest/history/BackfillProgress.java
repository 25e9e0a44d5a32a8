package io.tickstream.ingest.history;

/**
 * Where one symbol's backfill of one source stands.
 *
 * @param from     the first minute asked for, epoch ms
 * @param to       the end of the range (exclusive: the current minute is live, not history), epoch ms
 * @param doneUpTo the open time of the newest bar appended (or page covered), epoch ms; {@code from - 60000} before any
 * @param bars     bars appended by this run
 * @param state    {@code pending}, {@code running}, {@code done} or {@code failed}
 * @param error    the last failure, or empty
 */
public record BackfillProgress(long from, long to, long doneUpTo, long bars, String state, String error) {

    /** Minutes still to load. */
    public long remainingMinutes() {
        return Math.max(0, (to - 60_000 - doneUpTo) / 60_000);
    }
}
