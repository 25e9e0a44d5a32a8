package io.tickstream.push.channel;

import java.util.concurrent.Executor;

/**
 * One subscription of one client to one channel, as a channel sees it. Calls come in stream order,
 * on its {@link #executor()}; implementations only enqueue and never block.
 */
public interface Subscriber {

    /** A live or replayed update. */
    void deliver(ChannelUpdate update);

    /**
     * A message that (re)starts the subscription: a snapshot, or the answer to a resume; after it
     * the client holds the channel's object at {@code offset} (null: no object).
     */
    void start(byte[] frame, String offset);

    /**
     * The thread updates should be handed over on (the connection's event loop); null: the caller's.
     * Subscribe calls come on that same thread, so a snapshot and the updates after it stay in order.
     */
    default Executor executor() {
        return null;
    }
}
