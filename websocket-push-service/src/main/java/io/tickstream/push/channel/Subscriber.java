package io.tickstream.push.channel;

/**
 * One subscription of one client to one channel, as a channel sees it. Calls come under the
 * channel's lock, in stream order; implementations only enqueue and never block.
 */
public interface Subscriber {

    /** A live or replayed update. */
    void deliver(ChannelUpdate update);

    /**
     * A message that (re)starts the subscription: a snapshot, or the answer to a resume; after it
     * the client holds the channel's object at {@code offset} (null: no object).
     */
    void start(byte[] frame, String offset);
}
