package io.tickstream.push.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.tickstream.push.channel.ChannelUpdate;
import io.tickstream.push.metrics.PushMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue writing straight to a Netty channel ({@link OutboundQueue#writeTo}): an update for an idle connection
 * leaves at once, and updates that had to wait for a busy one leave first, in order.
 */
class OutboundQueueDirectWriteTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PushMetrics metrics = new PushMetrics(registry);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void finish() {
        channel.runPendingTasks();
        channel.finishAndReleaseAll();
    }

    @Test
    void anUpdateForAnIdleConnectionIsWrittenAtOnce() {
        OutboundQueue queue = queue();
        Subscription sub = new Subscription(null, "ticker:A", Subscription.Format.FULL, 0);

        queue.offerUpdate(sub, update(1));

        assertThat(texts()).containsExactly("full 1");
        assertThat(registry.get("tickstream.push.messages.sent").counter().count()).isEqualTo(1);
        assertThat(registry.get("tickstream.push.delivery.latency").timer().count()).isEqualTo(1);
    }

    @Test
    void aPatchFollowsTheUpdateWrittenAtOnce() {
        OutboundQueue queue = queue();
        Subscription sub = new Subscription(null, "ticker:A", Subscription.Format.PATCH, 0);

        queue.offerUpdate(sub, update(1));
        queue.offerUpdate(sub, update(2));

        assertThat(texts()).containsExactly("full 1", "patch 2");
    }

    @Test
    void updatesThatWaitedForTheConnectionLeaveBeforeTheNextInOrder() {
        OutboundQueue queue = queue();
        Subscription sub = new Subscription(null, "ticker:A", Subscription.Format.FULL, 0);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ByteBuf backlog = Unpooled.wrappedBuffer(new byte[64]);
        channel.write(backlog); // over the high-water mark, not flushed: the connection takes nothing now
        assertThat(channel.isWritable()).isFalse();

        queue.offerUpdate(sub, update(1));
        queue.offerUpdate(sub, update(2));
        assertThat(channel.outboundMessages()).isEmpty();

        channel.flush(); // the backlog leaves, the channel turns writable, the queue drains
        ByteBuf first = channel.readOutbound();
        first.release();
        queue.offerUpdate(sub, update(3));

        assertThat(texts()).containsExactly("full 1", "full 2", "full 3");
    }

    private OutboundQueue queue() {
        OutboundQueue queue = new OutboundQueue(null, 8, metrics, s -> { });
        queue.writeTo(channel, new FrameWriter(new WriteProperties(false, false)));
        return queue;
    }

    private List<String> texts() {
        channel.runPendingTasks();
        List<String> texts = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            TextWebSocketFrame frame = (TextWebSocketFrame) message;
            texts.add(frame.text());
            frame.release();
        }
        return texts;
    }

    private static ChannelUpdate update(int n) {
        String previous = n == 1 ? null : (n - 1) + "-0";
        return new ChannelUpdate("ticker:A", n + "-0", previous, System.currentTimeMillis(),
                bytes("full " + n), previous == null ? null : bytes("patch " + n), null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
