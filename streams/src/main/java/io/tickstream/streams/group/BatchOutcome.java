package io.tickstream.streams.group;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What became of a batch, as its handler says.
 *
 * @param done      ids whose work is durable: acknowledged
 * @param rejected  ids that cannot be handled however often they come (cannot be decoded...), with the
 *                  reason: moved to the dead-letter stream at once, then acknowledged
 * @param retry     ids that failed this time (the data was refused), with the reason: left pending and
 *                  delivered again after the redelivery delay; dead-lettered once delivered
 *                  {@code maxDeliveries} times
 * @param settled   told what finally became of each id once the acknowledgements are written (for the
 *                  handler's spans and logs); may be a no-op
 */
public record BatchOutcome(List<String> done, Map<String, String> rejected, Map<String, String> retry,
                           Consumer<Map<String, Disposition>> settled) {

    /** What finally became of an entry of a batch. */
    public enum Disposition {
        /** handled and acknowledged */
        ACKNOWLEDGED,
        /** moved to the dead-letter stream and acknowledged */
        DEAD_LETTERED,
        /** left pending for another delivery */
        PENDING
    }

    public BatchOutcome {
        done = List.copyOf(done);
        rejected = Map.copyOf(rejected);
        retry = Map.copyOf(retry);
        settled = settled == null ? d -> { } : settled;
    }

    /** Every id done. */
    public static BatchOutcome allDone(List<String> ids) {
        return new BatchOutcome(ids, Map.of(), Map.of(), null);
    }

    /** The same outcome, telling {@code listener} what became of each id. */
    public BatchOutcome whenSettled(Consumer<Map<String, Disposition>> listener) {
        return new BatchOutcome(done, rejected, retry, listener);
    }
}
