package io.tickstream.push.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes text messages to connections on their event loop ({@link OutboundQueue#writeTo}), as
 * {@link WriteProperties} says.
 *
 * <p>Shared frames: a channel update's bytes are the same array for every subscriber, so the event loop frames
 * them once (an unmasked WebSocket text frame, RFC 6455 §5.2, in a pooled direct buffer) and writes each
 * connection a retained duplicate: no per-connection frame object, header buffer or copy (Netty's
 * {@code WebSocket08FrameEncoder} lets a {@code ByteBuf} through untouched; compression is off on this
 * server, see {@link WebSocketConfiguration}). The last {@value #CACHED} arrays framed are kept per event loop,
 * keyed by identity (an update's {@code full} and {@code patch} messages alternate between subscribers).
 *
 * <p>Batched flushes: a connection written to is flushed by one task per event loop, queued behind the tasks
 * already waiting there; while the loop is behind (several updates queued), a connection's frames leave in
 * one system call instead of one each.
 */
final class FrameWriter {

    static final int CACHED = 4;

    private static final FastThreadLocal<LoopState> STATE = new FastThreadLocal<>() {
        @Override
        protected LoopState initialValue() {
            return new LoopState();
        }
    };

    private final boolean sharedFrames;
    private final boolean batchFlushes;

    FrameWriter(WriteProperties properties) {
        this.sharedFrames = properties.sharedFrames();
        this.batchFlushes = properties.batchFlushes();
    }

    /** Writes {@code payload} (UTF-8 JSON) as one text message; on {@code channel}'s event loop only. */
    void writeText(Channel channel, byte[] payload) {
        if (sharedFrames) {
            channel.write(STATE.get().frame(payload, channel.alloc()), channel.voidPromise());
        } else {
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)), channel.voidPromise());
        }
    }

    /** Flushes {@code channel} now, or with the loop's next batch; on its event loop only. */
    void flush(Channel channel) {
        if (batchFlushes) {
            STATE.get().flushLater(channel);
        } else {
            channel.flush();
        }
    }

    /** The unmasked text frame of {@code payload}: FIN + opcode 1, the length in 1, 3 or 9 bytes, the payload. */
    static ByteBuf encode(byte[] payload, ByteBufAllocator allocator) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = allocator.directBuffer(header + length);
        frame.writeByte(0x81);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame.writeBytes(payload);
    }

    /** One event loop's frames and pending flushes; touched by that loop's thread only. */
    private static final class LoopState {
        private final byte[][] payloads = new byte[CACHED][];
        private final ByteBuf[] frames = new ByteBuf[CACHED];
        private int next;
        private final List<Channel> unflushed = new ArrayList<>();
        private EventLoop scheduledOn;

        ByteBuf frame(byte[] payload, ByteBufAllocator allocator) {
            for (int i = 0; i < CACHED; i++) {
                if (payloads[i] == payload) {
                    return frames[i].retainedDuplicate();
                }
            }
            int slot = next;
            next = (next + 1) % CACHED;
            if (frames[slot] != null) {
                frames[slot].release();
            }
            payloads[slot] = payload;
            frames[slot] = encode(payload, allocator);
            return frames[slot].retainedDuplicate();
        }

        void flushLater(Channel channel) {
            unflushed.add(channel);
            if (scheduledOn == null) {
                scheduledOn = channel.eventLoop();
                try {
                    scheduledOn.execute(this::flushAll);
                } catch (RejectedExecutionException e) {
                    flushAll(); // the loop is shutting down: flush now rather than never
                }
            }
        }

        private void flushAll() {
            scheduledOn = null;
            // a flush may run handlers that write again (and ask for another batch): take this batch first
            Channel[] batch = unflushed.toArray(Channel[]::new);
            unflushed.clear();
            for (Channel channel : batch) {
                channel.flush();
            }
        }
    }
}
