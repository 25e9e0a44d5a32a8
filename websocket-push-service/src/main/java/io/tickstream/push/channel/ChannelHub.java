package io.tickstream.push.channel;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.market.MarketFreshness;
import io.tickstream.common.market.MarketProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Objects;
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
    private final MarketProjection projection = new MarketProjection();
    private volatile String epoch = "";

    public ChannelHub(ChannelsProperties properties) {
        this.properties = properties;
    }

    /** How fresh the held quotes and summaries are at {@code nowMs} against {@code bounds}. */
    public MarketFreshness.Report freshness(MarketFreshness bounds, long nowMs) {
        return bounds.assess(projection, nowMs);
    }

    /** The epoch of the data held now. */
    public String epoch() {
        return epoch;
    }

    /**
     * Sets the epoch. A change after the first means Redis lost its data: the projection is cleared,
     * every channel drops its state and history and its subscribers get an empty snapshot of the new
     * epoch ({@code recovered:false}).
     */
    public void epoch(String next) {
        String previous = epoch;
        epoch = next;
        if (!previous.isEmpty() && !previous.equals(next)) {
            log.warn("epoch changed from {} to {}: Redis lost its data; resetting {} channels", previous, next, channels.size());
            projection.clear();
            channels.values().forEach(channel -> channel.reset(next));
        }
    }

    /**
     * Applies one stream entry to the projection and the channel it changes; returns how many subscribers
     * it was handed to, 0 when it changed nothing (not newer than what is held).
     */
    public int apply(MarketEvent event, String entryId) {
        String name = ChannelNames.of(event);
        Channel channel = channels.get(name);
        if (channel == null) {
            if (channels.size() >= properties.maxChannels()) {
                log.warn("channel limit {} reached; ignoring {}", properties.maxChannels(), name);
                return 0;
            }
            channel = channels.computeIfAbsent(name, n -> new Channel(n, properties.historySize()));
        }
        return channel.apply(event, entryId, epoch, projection);
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
            channel = channels.computeIfAbsent(name, n -> new Channel(n, properties.historySize()));
        }
        String current = epoch;
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
