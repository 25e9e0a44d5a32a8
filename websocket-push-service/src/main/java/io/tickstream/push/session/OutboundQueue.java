package io.tickstream.push.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.tickstream.push.channel.ChannelUpdate;
import io.tickstream.push.metrics.PushMetrics;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The bounded outbound queue of one connection, and the slow-client policy.
 * <ol>
 *   <li>Messages wait in a FIFO of {@code queueCapacity}; they leave only as fast as the connection
 *       asks for them (Reactor Netty stops asking while the socket is not writable).</li>
 *   <li>When the FIFO is full, updates are conflated: one pending update per subscription, the latest
 *       replacing the one before ({@code tickstream_push_messages_conflated_total}); they leave after
 *       the FIFO, so each channel stays in order.</li>
 *   <li>When the connection stays conflated longer than {@code maxLag}, or control messages (snapshots,
 *       errors, pongs) pile up to twice the capacity, the connection is closed with 4008.</li>
 * </ol>
 * Memory per connection is thus bounded by the capacity plus one reference per subscription; message
 * bytes are shared with every other subscriber. Subscriptions with {@code maxRate} hold back their
 * latest update until their interval has passed; the {@link SessionRegistry} releases it.
 */
final class OutboundQueue {

    private record Item(Subscription subscription, ChannelUpdate update, byte[] frame, String startOffset, boolean ping) {
    }

    private final WebSocketSession ws;
    private final int capacity;
    private final PushMetrics metrics;
    private final Consumer<Subscription> throttledRelease;
    private final ArrayDeque<Item> fifo = new ArrayDeque<>(8);
    private final AtomicInteger wip = new AtomicInteger();
    private Map<Subscription, ChannelUpdate> conflated;
    private long conflatingSince;
    private boolean closed;
    private boolean overflowed;
    private volatile FluxSink<Outgoing> sink;
    private volatile Channel channel;
    private FrameWriter writer;

    OutboundQueue(WebSocketSession ws, int capacity, PushMetrics metrics, Consumer<Subscription> throttledRelease) {
        this.ws = ws;
        this.capacity = capacity;
        this.metrics = metrics;
        this.throttledRelease = throttledRelease;
    }

    /** The messages for {@link WebSocketSession#send}, emitted only on demand. */
    Flux<WebSocketMessage> messages() {
        return outgoing().map(message -> message.ping() ? ws.pingMessage(factory -> factory.wrap(new byte[0]))
                : new WebSocketMessage(WebSocketMessage.Type.TEXT, ws.bufferFactory().wrap(message.bytes())));
    }

    /**
     * The messages as they leave the queue, emitted only on demand: for transports other than a
     * WebSocket session (SSE), which frame them themselves.
     */
    Flux<Outgoing> outgoing() {
        return Flux.create(emitter -> {
            boolean alreadyClosed;
            synchronized (this) {
                sink = emitter;
                alreadyClosed = closed;
            }
            if (alreadyClosed) {
                emitter.complete(); // closed before anyone asked (e.g. a token that expired at once): end now
                return;
            }
            emitter.onRequest(n -> drain());
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    void offerUpdate(Subscription subscription, ChannelUpdate update) {
        synchronized (this) {
            if (closed || !subscription.active) {
                return;
            }
            long now = System.nanoTime();
            if (subscription.minIntervalNanos > 0) {
                if (now - subscription.lastEnqueuedNanos < subscription.minIntervalNanos) {
                    if (subscription.throttled != null) {
                        metrics.conflated();
                    }
                    subscription.throttled = update;
                    throttledRelease.accept(subscription);
                    return;
                }
                if (subscription.throttled != null) {
                    metrics.conflated();
                    subscription.throttled = null;
                }
                subscription.lastEnqueuedNanos = now;
            }
            enqueue(subscription, update, now);
        }
        drain();
    }

    /**
     * Releases a held-back update once its interval has passed.
     *
     * @return true when nothing is held back any more
     */
    boolean releaseThrottled(Subscription subscription, long now) {
        synchronized (this) {
            if (closed || subscription.throttled == null || !subscription.active) {
                subscription.throttled = null;
                return true;
            }
            if (now - subscription.lastEnqueuedNanos < subscription.minIntervalNanos) {
                return false;
            }
            ChannelUpdate update = subscription.throttled;
            subscription.throttled = null;
            subscription.lastEnqueuedNanos = now;
            enqueue(subscription, update, now);
        }
        drain();
        return true;
    }

    /** A snapshot or resume answer: anything pending for the subscription before it is void. */
    void offerStart(Subscription subscription, byte[] frame, String offset) {
        synchronized (this) {
            if (conflated != null) {
                conflated.remove(subscription);
            }
            subscription.throttled = null;
            subscription.lastEnqueuedNanos = Long.MIN_VALUE / 2;
            offerControl(new Item(subscription, null, frame, offset, false));
        }
        drain();
    }

    /** A reply to a request (error, pong, unsubscribed). */
    void offerReply(byte[] frame) {
        synchronized (this) {
            offerControl(new Item(null, null, frame, null, false));
        }
        drain();
    }

    /** A WebSocket ping frame. */
    void offerPing() {
        synchronized (this) {
            offerControl(new Item(null, null, null, null, true));
        }
        drain();
    }

    /**
     * True when the connection has been conflating for longer than {@code maxLagNanos}, or its control
     * messages overflowed; the registry then closes it (never here, under this lock: closing takes
     * channel locks, which are taken before this one).
     */
    synchronized boolean tooSlow(long maxLagNanos, long now) {
        return overflowed || conflatingSince != 0 && now - conflatingSince > maxLagNanos;
    }

    /** Stops taking messages; what is still queued is counted as dropped. */
    void close() {
        FluxSink<Outgoing> emitter;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            metrics.dropped(fifo.size() + (conflated == null ? 0 : conflated.size()));
            fifo.clear();
            conflated = null;
            conflatingSince = 0;
            emitter = sink;
        }
        if (emitter != null) {
            emitter.complete();
        }
    }

    private void offerControl(Item item) {
        if (closed) {
            return;
        }
        if (fifo.size() >= 2 * capacity) {
            overflowed = true;
            return;
        }
        fifo.add(item);
    }

    private void enqueue(Subscription subscription, ChannelUpdate update, long now) {
        if ((conflated == null || conflated.isEmpty()) && fifo.size() < capacity) {
            fifo.add(new Item(subscription, update, null, null, false));
            return;
        }
        if (conflated == null) {
            conflated = new LinkedHashMap<>();
        }
        if (conflated.isEmpty()) {
            conflatingSince = now;
        }
        if (conflated.put(subscription, update) != null) {
            metrics.conflated();
        }
    }

    /**
     * Writes straight to the connection's Netty channel from now on, on its event loop, while the
     * channel is writable (Netty's outbound buffer under its high-water mark); a writability change
     * drains again. This skips a reactive hop per message (sink, Spring's mapping, Reactor Netty's
     * send queue and its separate flush task) and flushes once per batch; {@code writer} frames and flushes
     * ({@link WriteProperties}).
     */
    void writeTo(Channel channel, FrameWriter writer) {
        this.writer = writer;
        this.channel = channel;
        channel.pipeline().addFirst("tickstream.push.writability", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    drain();
                }
                ctx.fireChannelWritabilityChanged();
            }
        });
    }

    private void drain() {
        Channel direct = channel;
        if (direct != null) {
            drainTo(direct);
            return;
        }
        FluxSink<Outgoing> emitter = sink;
        if (emitter == null || wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (emitter.requestedFromDownstream() > 0) {
                Outgoing message = next();
                if (message == null) {
                    break;
                }
                emitter.next(message);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainTo(Channel direct) {
        if (!direct.eventLoop().inEventLoop()) {
            direct.eventLoop().execute(this::drain);
            return;
        }
        boolean wrote = false;
        while (direct.isWritable()) {
            Outgoing message = next();
            if (message == null) {
                break;
            }
            if (message.ping()) {
                direct.write(new PingWebSocketFrame(), direct.voidPromise());
            } else {
                writer.writeText(direct, message.bytes());
            }
            wrote = true;
        }
        if (wrote) {
            writer.flush(direct);
        }
    }

    /**
     * One message to write: JSON text bytes and the offset it carries (null for replies and empty
     * snapshots), or a ping.
     */
    record Outgoing(byte[] bytes, String offset, boolean ping) {
    }

    private static final Outgoing PING = new Outgoing(null, null, true);

    private synchronized Outgoing next() {
        while (!closed) {
            Item item = fifo.poll();
            Subscription subscription;
            ChannelUpdate update;
            if (item == null) {
                if (conflated == null || conflated.isEmpty()) {
                    return null;
                }
                Iterator<Map.Entry<Subscription, ChannelUpdate>> first = conflated.entrySet().iterator();
                Map.Entry<Subscription, ChannelUpdate> entry = first.next();
                first.remove();
                if (conflated.isEmpty()) {
                    conflatingSince = 0;
                }
                subscription = entry.getKey();
                update = entry.getValue();
            } else if (item.ping()) {
                return PING;
            } else if (item.update() == null) {
                if (item.subscription() != null) {
                    if (!item.subscription().active) {
                        continue;
                    }
                    item.subscription().lastSentOffset = item.startOffset();
                }
                return text(item.frame(), item.startOffset());
            } else {
                subscription = item.subscription();
                update = item.update();
            }
            if (!subscription.active) {
                continue;
            }
            metrics.latency(update.ingestTime(), System.currentTimeMillis());
            return text(subscription.bytesFor(update), update.offset());
        }
        return null;
    }

    private Outgoing text(byte[] bytes, String offset) {
        metrics.sent(bytes.length);
        return new Outgoing(bytes, offset, false);
    }
}
