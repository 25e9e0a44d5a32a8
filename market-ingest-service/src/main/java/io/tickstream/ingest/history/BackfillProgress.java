package io.tickstream.ingest.history;

/**
 * Where one symbol's backfill of one source stands. A backfill has two parts: the recent one
 * ({@code [recentFrom, to)}, oldest page first, loaded for every symbol before any older page) and the older one
 * ({@code [from, recentFrom)}, newest page first, so a chart grows back in time without a hole).
 *
 * @param from       the first minute asked for, epoch ms
 * @param to         the end of the range (exclusive: the current minute is live, not history), epoch ms
 * @param recentFrom where the recent part begins, epoch ms ({@code from} when the recent part is all of it)
 * @param doneUpTo   the open time of the newest minute of the recent part covered, epoch ms; {@code recentFrom - 60000}
 *                   before any
 * @param olderFrom  the oldest minute of the older part covered, epoch ms; {@code recentFrom} before any
 * @param bars       bars appended by this run
 * @param state      {@code pending}, {@code running} (the recent part), {@code older} (the recent part is in, the older
 *                   part is loading or waiting for the other symbols' recent parts), {@code done} or {@code failed}
 * @param error      the last failure, or empty
 */
public record BackfillProgress(long from, long to, long recentFrom, long doneUpTo, long olderFrom, long bars, String state,
                               String error) {

    private static final long MINUTE = 60_000;

    /** Minutes still to load, both parts. */
    public long remainingMinutes() {
        return Math.max(0, (to - MINUTE - doneUpTo) / MINUTE) + Math.max(0, (olderFrom - from) / MINUTE);
    }

    BackfillProgress withState(String newState, String newError) {
        return new BackfillProgress(from, to, recentFrom, doneUpTo, olderFrom, bars, newState, newError);
    }
}
