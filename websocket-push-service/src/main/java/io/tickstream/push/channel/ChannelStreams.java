package io.tickstream.push.channel;

import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * Which stream a channel's updates come from: {@code ticker:<S>} from the partition of the quote stream
 * that holds {@code S} ({@link Partitions}), {@code trades:<S>} from the partition of the trade stream that
 * holds {@code S} (same hash tag, so same slot and read loop as its quotes), {@code candles:<S>:<i>} from the
 * quote partition (it is made of the consensus quotes), {@code dashboard} from the
 * summary stream, {@code health} from the health stream. A channel's offsets are entry ids of that one stream, and its epoch is that
 * stream's: when one partition starts over (its Redis master came back empty), only its channels reset.
 *
 * @param partitions the layout of the quote stream
 * @param marketData base name of the quote streams
 * @param dashboard  the summary stream
 * @param health     the health stream
 * @param trades     base name of the trade streams, partitioned like {@code marketData}
 */
public record ChannelStreams(Partitions partitions, String marketData, String dashboard, String health, String trades) {

    /** The stream {@code channel} (a valid channel name) is fed from. */
    public String streamOf(String channel) {
        return switch (channel) {
            case ChannelNames.DASHBOARD -> dashboard;
            case ChannelNames.HEALTH -> health;
            default -> partitions.keyFor(ChannelNames.isTrades(channel) ? trades : marketData, ChannelNames.symbolOf(channel));
        };
    }

    /** The stream a symbol's quotes are in. */
    public String streamOfSymbol(String symbol) {
        return partitions.keyFor(marketData, symbol);
    }

    /**
     * Every stream the channels are fed from: the quote partitions, the summary and health streams, then the
     * trade partitions.
     */
    public List<String> all() {
        List<String> all = new ArrayList<>(StreamKeys.dataStreams(partitions, marketData, dashboard, health));
        all.addAll(partitions.keys(trades));
        return List.copyOf(all);
    }
}
