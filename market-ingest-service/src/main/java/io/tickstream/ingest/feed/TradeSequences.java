package io.tickstream.ingest.feed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last trade id seen per market of one feed: venues number a market's trades one by one (Binance
 * {@code t}, Coinbase and Kraken {@code trade_id}), so a repeat (a reconnect's overlap, a snapshot) and a gap
 * (trades missed while disconnected or lost on the way) both show.
 */
final class TradeSequences {

    /** What one trade id means against what was seen. */
    sealed interface Verdict {
        /** The next trade, or the first of its market, or one whose id is no number. */
        record Next() implements Verdict {
        }

        /** Seen already (or older than what was seen): drop. */
        record Repeat() implements Verdict {
        }

        /** Ids strictly between {@code lastSeen} and {@code next} are missing. */
        record Gap(long lastSeen, long next) implements Verdict {
            public long missing() {
                return next - lastSeen - 1;
            }
        }
    }

    private static final Verdict NEXT = new Verdict.Next();
    private static final Verdict REPEAT = new Verdict.Repeat();

    private final Map<String, Long> last = new ConcurrentHashMap<>();

    /** Takes back {@code trade} when it was the last one seen (it could not be buffered and will come again). */
    void forget(FeedMessage.FeedTrade trade) {
        long id = trade.numericId();
        if (id >= 0) {
            last.computeIfPresent(trade.market(), (market, seen) -> seen == id ? id - 1 : seen);
        }
    }

    Verdict accept(FeedMessage.FeedTrade trade) {
        long id = trade.numericId();
        if (id < 0) {
            return NEXT;
        }
        Verdict[] verdict = {NEXT};
        last.compute(trade.market(), (market, seen) -> {
            if (seen == null || id == seen + 1) {
                return id;
            }
            if (id <= seen) {
                verdict[0] = REPEAT;
                return seen;
            }
            verdict[0] = new Verdict.Gap(seen, id);
            return id;
        });
        return verdict[0];
    }
}
