package io.tickstream.push.channel;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.market.MarketFreshness;
import io.tickstream.common.market.MarketProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All channels of this instance and the one {@link MarketProjection} they show. The stream tailer
 * applies entries here (one thread, stream order); sessions subscribe and unsubscribe from their own
 * threads. An entry changes the projection only when it is newer than what it holds for its series
 * (the contract rule, {@link io.tickstream.common.market.Latest}), so a replay of old history moves no
 * price back and sends nothing. Each update is serialized once, in its channel, whatever the number of
 * subscribers.
 */
@Component
public class ChannelHub {

    private static final Logger log = LoggerFactory.getLogger(ChannelHub.class);

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final ChannelsProperties properties;
    private final ChannelStreams streams;
    private final MarketProjection projection = new MarketProjection();
    /** Per stream, the epoch of the data held of it. */
    private final ConcurrentHashMap<String, String> epochs = new ConcurrentHashMap<>();

    private final CoalescingProperties coalescing;
    private final Scheduler scheduler;

    /** A hub without coalescing (tests, tools). */
    public ChannelHub(ChannelsProperties properties, ChannelStreams streams) {
        this(properties, streams, CoalescingProperties.off(), null);
    }

    @Autowired
    public ChannelHub(ChannelsProperties properties, ChannelStreams streams, CoalescingProperties coalescing) {
        this(properties, streams, coalescing, Schedulers.parallel());
    }

    /** @param scheduler ends the channels' coalescing windows; null only when {@code coalescing} is off */
    ChannelHub(ChannelsProperties properties, ChannelStreams streams, CoalescingProperties coalescing, Scheduler scheduler) {
        this.properties = properties;
        this.streams = streams;
        this.coalescing = coalescing;
        this.scheduler = scheduler;
    }

    /** How fresh the held quotes and summaries are at {@code nowMs} against {@code bounds}. */
    public MarketFreshness.Report freshness(MarketFreshness bounds, long nowMs) {
        return bounds.assess(projection, nowMs);
    }

    /** The epoch of the data {@code channel} holds now; empty before the first. */
    public String epoch(String channel) {
        return epochs.getOrDefault(streams.streamOf(channel), "");
    }

    /** The epoch of each stream's data held now. */
    public Map<String, String> epochs() {
        return Map.copyOf(epochs);
    }

    /**
     * Sets the epoch of {@code changed} streams. A change after the first means the Redis that holds them
     * lost their data: what the projection holds of them is forgotten, and every channel fed from them
     * drops its state and history, its subscribers getting an empty snapshot of the new epoch
     * ({@code recovered:false}). Channels of other streams (other partitions, on other masters) keep theirs.
     */
    public void epoch(Collection<String> changed, String next) {
        Set<String> reset = new HashSet<>();
        for (String stream : changed) {
            String previous = epochs.put(stream, next);
            if (previous != null && !previous.isEmpty() && !previous.equals(next)) {
                reset.add(stream);
            }
        }
        if (reset.isEmpty()) {
            return;
        }
        log.warn("epoch of {} changed to {}: Redis lost their data; resetting their channels", reset, next);
        projection.forget(symbol -> reset.contains(streams.streamOfSymbol(symbol)),
                reset.contains(streams.dashboard()), reset.contains(streams.health()));
        channels.forEach((name, channel) -> {
            if (reset.contains(streams.streamOf(name))) {
                channel.reset(next);
            }
        });
    }

    /**
     * Applies one stream entry to the projection and the channel it changes; returns how many subscribers
     * it was handed to, 0 when it changed nothing (not newer than what is held).
     */
    public int apply(MarketEvent event, String entryId) {
        String name = ChannelNames.of(event);
        if (name == null) {
            return 0;
        }
        int sent = apply(name, event, entryId);
        if (event instanceof Quote q && Quote.CONSENSUS_SOURCE.equals(q.meta().source())) {
            // the live candles of the symbol, every width, whether subscribed or not: a subscriber gets the
            // current candle at once, built since this instance began tailing
            for (String interval : LiveCandle.INTERVALS) {
                sent += apply(ChannelNames.candles(q.symbol(), interval), event, entryId);
            }
        }
        return sent;
    }

    private int apply(String name, MarketEvent event, String entryId) {
        Channel channel = channels.get(name);
        if (channel == null) {
            if (channels.size() >= properties.maxChannels()) {
                log.warn("channel limit {} reached; ignoring {}", properties.maxChannels(), name);
                return 0;
            }
            channel = channels.computeIfAbsent(name, n -> new Channel(n, properties, coalescing, scheduler));
        }
        return channel.apply(event, entryId, epoch(name), projection);
    }

    /**
     * Subscribes to a valid channel name ({@link ChannelNames#isValid}); see {@link Channel#subscribe}.
     *
     * @return false when the channel limit is reached
     */
    public boolean subscribe(String name, Subscriber subscriber, String since, String sinceEpoch) {
        Channel channel = channels.get(name);
        if (channel == null) {
            if (channels.size() >= properties.maxChannels()) {
                return false;
            }
            channel = channels.computeIfAbsent(name, n -> new Channel(n, properties, coalescing, scheduler));
        }
        String current = epoch(name);
        channel.subscribe(subscriber, since, Objects.equals(current, sinceEpoch), current);
        return true;
    }

    public void unsubscribe(String name, Subscriber subscriber) {
        Channel channel = channels.get(name);
        if (channel != null) {
            // empty channels stay (bounded by maxChannels): removing one could race a new subscriber
            channel.unsubscribe(subscriber);
        }
    }

    /** Subscriptions across all channels, for the gauge. */
    public int subscriptionCount() {
        return channels.values().stream().mapToInt(Channel::subscriberCount).sum();
    }
}
