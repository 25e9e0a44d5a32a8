package io.tickstream.push.channel;

import io.tickstream.common.event.Trade;
import io.tickstream.common.market.TradeJson;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The object of a {@code trades:<SYMBOL>} channel: the last {@code size} trades of the symbol, newest
 * (last arrived) first, as {@link TradeJson#trades}. Every trade is an event of its own, not a newer value of
 * a series, so a trade is refused only when it is a copy of one seen (same idempotency key among the last
 * {@code dedupeWindow} trades: a feed's reconnect overlap, a gap fill, a replay of recent history), or when the
 * tape is full and the trade is older than every trade on it (a replay of old history: it would not be among
 * the most recent). Not thread-safe: its channel's lock guards it.
 */
final class TradeTape {

    private final String symbol;
    private final int size;
    private final int dedupeWindow;
    private final ArrayDeque<Held> trades;
    private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();

    /** A trade on the tape: its JSON (never changed once built) and its source time. */
    private record Held(ObjectNode json, long time) {
    }

    TradeTape(String symbol, int size, int dedupeWindow) {
        this.symbol = symbol;
        this.size = size;
        this.dedupeWindow = Math.max(size, dedupeWindow);
        this.trades = new ArrayDeque<>(size);
    }

    /** Puts {@code trade} on the tape; its JSON, or null when it was refused (a copy, or older than a full tape). */
    ObjectNode add(Trade trade) {
        String id = trade.meta().id();
        if (recentIds.contains(id) || trades.size() >= size && trade.meta().sourceTime() < oldestTime()) {
            return null;
        }
        recentIds.add(id);
        if (recentIds.size() > dedupeWindow) {
            recentIds.removeFirst();
        }
        ObjectNode json = TradeJson.trade(trade);
        trades.addFirst(new Held(json, trade.meta().sourceTime()));
        if (trades.size() > size) {
            trades.removeLast();
        }
        return json;
    }

    /** The tape now, a new tree ({@code {"symbol","trades":[…newest first…]}}) sharing the trade nodes. */
    ObjectNode state() {
        List<ObjectNode> nodes = new ArrayList<>(trades.size());
        trades.forEach(held -> nodes.add(held.json()));
        return TradeJson.trades(symbol, nodes);
    }

    /** Forgets every trade (Redis lost the stream's data). */
    void clear() {
        trades.clear();
        recentIds.clear();
    }

    private long oldestTime() {
        long oldest = Long.MAX_VALUE;
        for (Held held : trades) {
            oldest = Math.min(oldest, held.time());
        }
        return oldest;
    }
}
