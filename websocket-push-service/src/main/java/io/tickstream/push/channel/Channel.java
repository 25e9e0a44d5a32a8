package io.tickstream.push.channel;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Trade;
import io.tickstream.common.market.MarketProjection;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One channel: its current object and offset, the last updates for replay, and its subscribers.
 * Updates and (un)subscriptions take the channel's lock, so a subscriber sees its snapshot (or resume)
 * first and then every later update in stream order, with nothing in between lost or doubled; updates
 * reach subscribers on their connection's thread ({@link SubscriberGroups}).
 *
 * <p>A trade channel ({@code trades:<S>}) holds a {@link TradeTape} as its object: each trade the tape takes
 * is one update, whose {@code trade} message carries that trade alone ({@link ChannelUpdate#event()}); the
 * history and the recovery by offset work as on every channel.
 *
 * <p>A live candle channel ({@code candles:<S>:<interval>}) holds a {@link LiveCandle}: each consensus quote that
 * changes the current candle is one update of it; the quote that opens a later bucket sends the closed candle once
 * more with {@code final: true} (at that quote's offset), and the new candle follows with the next quote.
 *
 * <p>A ticker channel may coalesce its changes within a short window ({@link CoalescingProperties}, off by
 * default): the state, offset and history are then those of the messages sent, and the held change is the latest.
 */
final class Channel {

    private final String name;
    private final int historySize;
    private final ArrayDeque<ChannelUpdate> history;
    private final SubscriberGroups subscribers = new SubscriberGroups();
    /** The trades of a {@code trades:<S>} channel, null on every other channel. */
    private final TradeTape tape;
    /** The candle of a {@code candles:<S>:<interval>} channel, null on every other channel. */
    private final LiveCandle candle;
    private ObjectNode state;
    private String offset;
    /** 0, or how long a ticker channel holds changes after sending one ({@link CoalescingProperties}). */
    private final long windowNanos;
    private final Scheduler scheduler;
    /** While a window is open (the scheduler's clock, in ns, before it), changes are held. */
    private long windowEnd;
    /** The latest change held in the open window, sent when it ends; null when none. */
    private Held held;

    /** A change held back by coalescing: what {@link #publishChange} needs to send it later. */
    private record Held(String entryId, String epoch, long ingestTime, String traceparent, ObjectNode next) {
    }

    Channel(String name, ChannelsProperties properties) {
        this(name, properties, CoalescingProperties.off(), null);
    }

    /**
     * @param scheduler ends coalescing windows; unused (may be null) when {@code coalescing} is off
     */
    Channel(String name, ChannelsProperties properties, CoalescingProperties coalescing, Scheduler scheduler) {
        this.name = name;
        this.windowNanos = name.startsWith(ChannelNames.TICKER_PREFIX) ? coalescing.tickerWindow().toNanos() : 0;
        this.scheduler = scheduler;
        this.historySize = properties.historySize();
        this.history = new ArrayDeque<>(Math.min(historySize, 64));
        this.tape = ChannelNames.isTrades(name)
                ? new TradeTape(ChannelNames.symbolOf(name), properties.tradeTapeSize(), properties.tradeDedupeWindow())
                : null;
        this.candle = ChannelNames.isCandles(name)
                ? new LiveCandle(ChannelNames.symbolOf(name), ChannelNames.intervalOf(name))
                : null;
    }

    /**
     * Applies an entry to {@code projection} (under this channel's lock, so the projection and this
     * channel's object move together), and when that changed this channel's object, writes its messages
     * once and hands them to every subscriber; returns how many subscribers that was. An entry the
     * projection ignores (not newer than what it holds: a replay, a late entry) sends nothing and leaves
     * the offset where it was; so does one that changes nothing shown (e.g. an older quote currency of a
     * source whose newer one is shown). A trade goes on the tape instead ({@link #append}).
     */
    synchronized int apply(MarketEvent event, String entryId, String epoch, MarketProjection projection) {
        if (event instanceof Trade trade) {
            return append(trade, entryId, epoch, projection);
        }
        if (candle != null) {
            return event instanceof io.tickstream.common.event.Quote q ? candle(q, entryId, epoch) : 0;
        }
        if (!projection.apply(event)) {
            return 0;
        }
        ObjectNode next = ChannelState.of(projection, tape, event);
        if (next.equals(state)) {
            held = null; // a change held in the window was undone: subscribers already hold this object
            return 0;
        }
        long ingestTime = event.meta().ingestTime();
        String traceparent = Frames.sampledTraceparent(event.meta().traceparent());
        if (windowNanos > 0) {
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            if (now - windowEnd < 0) {
                boolean first = held == null;
                held = new Held(entryId, epoch, ingestTime, traceparent, next);
                if (first) {
                    scheduler.schedule(this::release, windowEnd - now, TimeUnit.NANOSECONDS);
                }
                return 0;
            }
            held = null; // this change is newer than any held one (a release may still be on its way)
            windowEnd = now + windowNanos;
        }
        return publishChange(entryId, epoch, ingestTime, traceparent, next);
    }

    /** Sends the change held in the window that just ended, and opens the next window. */
    private synchronized void release() {
        Held change = held;
        if (change == null) {
            return;
        }
        held = null;
        windowEnd = scheduler.now(TimeUnit.NANOSECONDS) + windowNanos;
        publishChange(change.entryId(), change.epoch(), change.ingestTime(), change.traceparent(), change.next());
    }

    /** Writes the messages of a change of this channel's object to {@code next} once, and sends them. */
    private int publishChange(String entryId, String epoch, long ingestTime, String traceparent, ObjectNode next) {
        byte[] full = Frames.update(name, entryId, epoch, ingestTime, traceparent, next);
        byte[] patch = state == null ? null
                : Frames.patch(name, entryId, offset, epoch, ingestTime, traceparent, JsonDiff.diff(state, next));
        byte[] legacy = name.equals(ChannelNames.DASHBOARD) ? Frames.dashboardUpdate(next, ingestTime) : null;
        return publish(new ChannelUpdate(name, entryId, offset, ingestTime, full, patch, legacy), next);
    }

    /**
     * Puts a trade on the tape; when the tape takes it (not a copy, not older than a full tape), sends its
     * {@code trade} message. The {@code update} with the whole tape is written only if a subscriber needs it.
     */
    private int append(Trade trade, String entryId, String epoch, MarketProjection projection) {
        if (tape == null) {
            return 0;
        }
        ObjectNode added = tape.add(trade);
        if (added == null) {
            return 0;
        }
        ObjectNode next = ChannelState.of(projection, tape, trade);
        long ingestTime = trade.meta().ingestTime();
        String traceparent = Frames.sampledTraceparent(trade.meta().traceparent());
        byte[] event = Frames.trade(name, entryId, offset, epoch, ingestTime, traceparent, added);
        return publish(ChannelUpdate.tapeEntry(name, entryId, offset, ingestTime, event,
                () -> Frames.update(name, entryId, epoch, ingestTime, traceparent, next)), next);
    }

    /** Applies a consensus quote to the live candle; sends the closed candle or the changed current one. */
    private int candle(io.tickstream.common.event.Quote quote, String entryId, String epoch) {
        ObjectNode next = switch (candle.add(quote)) {
            case NONE -> null;
            case UPDATED -> candle.current();
            case ROLLED -> candle.closed();
        };
        if (next == null || next.equals(state)) {
            return 0;
        }
        long ingestTime = quote.meta().ingestTime();
        String traceparent = Frames.sampledTraceparent(quote.meta().traceparent());
        byte[] full = Frames.update(name, entryId, epoch, ingestTime, traceparent, next);
        byte[] patch = state == null ? null
                : Frames.patch(name, entryId, offset, epoch, ingestTime, traceparent, JsonDiff.diff(state, next));
        return publish(new ChannelUpdate(name, entryId, offset, ingestTime, full, patch, null), next);
    }

    private int publish(ChannelUpdate update, ObjectNode next) {
        state = next;
        offset = update.offset();
        history.addLast(update);
        if (history.size() > historySize) {
            history.removeFirst();
        }
        subscribers.forEach(subscriber -> subscriber.deliver(update));
        return subscribers.size();
    }

    /**
     * Adds a subscriber. With {@code since} from the current epoch and still inside the history, the
     * subscriber gets a {@code subscribed/recovered:true} message and the updates after it; otherwise a
     * snapshot, with {@code recovered:false} when a resume was asked for.
     */
    synchronized void subscribe(Subscriber subscriber, String since, boolean sameEpoch, String epoch) {
        subscribers.remove(subscriber);
        List<ChannelUpdate> missed = since != null && sameEpoch ? missedSince(since) : null;
        if (missed != null) {
            subscriber.start(Frames.resumed(name, since, epoch, missed.size()), since);
            missed.forEach(subscriber::deliver);
        } else {
            subscriber.start(Frames.snapshot(name, offset, epoch, state, since == null ? null : Boolean.FALSE), offset);
        }
        subscribers.add(subscriber);
    }

    synchronized void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** Drops the state and history (Redis lost its data) and tells every subscriber with an empty snapshot. */
    synchronized void reset(String epoch) {
        held = null;
        windowEnd = 0;
        state = null;
        offset = null;
        history.clear();
        if (tape != null) {
            tape.clear();
        }
        if (candle != null) {
            candle.clear();
        }
        byte[] empty = Frames.snapshot(name, null, epoch, null, Boolean.FALSE);
        subscribers.forEach(subscriber -> subscriber.start(empty, null));
    }

    synchronized int subscriberCount() {
        return subscribers.size();
    }

    /** Updates after {@code since}, or null when the history does not reach back that far. */
    private List<ChannelUpdate> missedSince(String since) {
        if (offset == null || Offsets.compare(since, offset) > 0) {
            return null;
        }
        if (Offsets.compare(since, offset) == 0) {
            return List.of();
        }
        ChannelUpdate oldest = history.peekFirst();
        if (oldest == null) {
            return null;
        }
        String complete = oldest.previousOffset() != null ? oldest.previousOffset() : oldest.offset();
        if (Offsets.compare(since, complete) < 0) {
            return null;
        }
        List<ChannelUpdate> missed = new ArrayList<>();
        for (ChannelUpdate update : history) {
            if (Offsets.compare(update.offset(), since) > 0) {
                missed.add(update);
            }
        }
        return missed;
    }
}
