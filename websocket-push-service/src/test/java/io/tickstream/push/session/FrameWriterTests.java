package io.tickstream.push.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameWriterTests {

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void finish() {
        for (EmbeddedChannel channel : channels) {
            channel.runPendingTasks();
            channel.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 125, 126, 300, 1500, 65535, 65536, 70000})
    void aSharedFrameIsTheFrameNettysEncoderWrites(int length) {
        byte[] payload = json(length);
        EmbeddedChannel channel = channel();
        FrameWriter writer = new FrameWriter(new WriteProperties(true, false));

        writer.writeText(channel, payload);
        writer.flush(channel);

        assertThat(written(channel)).isEqualTo(nettyEncoded(payload));
    }

    @Test
    void aSharedFrameDecodesAsTheTextMessage() {
        byte[] payload = json(300);
        EmbeddedChannel channel = channel();
        new FrameWriter(new WriteProperties(true, false)).writeText(channel, payload);
        channel.flush();

        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        client.writeInbound(Unpooled.wrappedBuffer(written(channel)));
        TextWebSocketFrame frame = client.readInbound();
        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(frame.text()).isEqualTo(new String(payload, StandardCharsets.UTF_8));
        frame.release();
        client.finishAndReleaseAll();
    }

    @Test
    void theSameMessageIsFramedOnceForEveryConnectionOfALoop() {
        byte[] payload = json(200);
        EmbeddedChannel first = channel();
        EmbeddedChannel second = channel();
        FrameWriter writer = new FrameWriter(new WriteProperties(true, false));

        writer.writeText(first, payload);
        writer.writeText(second, payload);
        first.flush();
        second.flush();

        ByteBuf a = first.readOutbound();
        ByteBuf b = second.readOutbound();
        assertThat(a.unwrap()).isSameAs(b.unwrap());
        assertThat(ByteBufUtil.getBytes(a)).isEqualTo(ByteBufUtil.getBytes(b));
        a.release();
        b.release();
    }

    @Test
    void anotherMessageGetsAFrameOfItsOwn() {
        EmbeddedChannel channel = channel();
        FrameWriter writer = new FrameWriter(new WriteProperties(true, false));
        byte[] one = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] two = "{\"n\":2}".getBytes(StandardCharsets.UTF_8);

        writer.writeText(channel, one);
        writer.writeText(channel, two);
        writer.writeText(channel, one);
        channel.flush();

        assertThat(written(channel)).isEqualTo(concat(nettyEncoded(one), nettyEncoded(two), nettyEncoded(one)));
    }

    @Test
    void withoutSharedFramesTheMessageGoesAsATextFrame() {
        EmbeddedChannel channel = channel();
        new FrameWriter(new WriteProperties(false, false)).writeText(channel, json(10));
        channel.flush();

        Object message = channel.readOutbound();
        assertThat(message).isInstanceOf(TextWebSocketFrame.class);
        ((TextWebSocketFrame) message).release();
    }

    @Test
    void batchedFlushesLeaveTogetherOnceTheLoopRunsItsQueuedTasks() {
        EmbeddedChannel first = channel();
        EmbeddedChannel second = channel();
        FrameWriter writer = new FrameWriter(new WriteProperties(true, true));
        // (an EmbeddedChannel runs its loop's pending tasks on every write: all writes come before the flushes)
        writer.writeText(first, json(10));
        writer.writeText(second, json(30));
        writer.writeText(first, json(20));

        writer.flush(first);
        writer.flush(second);
        writer.flush(first);

        assertThat(first.outboundMessages()).as("nothing flushed before the loop's queued tasks ran").isEmpty();
        assertThat(second.outboundMessages()).isEmpty();
        first.runPendingTasks();
        assertThat(written(first)).isEqualTo(concat(nettyEncoded(json(10)), nettyEncoded(json(20))));
        assertThat(written(second)).isEqualTo(nettyEncoded(json(30)));
    }

    @Test
    void unbatchedFlushesLeaveAtOnce() {
        EmbeddedChannel channel = channel();
        FrameWriter writer = new FrameWriter(new WriteProperties(true, false));

        writer.writeText(channel, json(10));
        writer.flush(channel);

        assertThat(written(channel)).isEqualTo(nettyEncoded(json(10)));
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        return channel;
    }

    /** Everything flushed to {@code channel} so far, as bytes (messages released). */
    private static byte[] written(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) message;
            all.writeBytes(buf);
            buf.release();
        }
        return ByteBufUtil.getBytes(all);
    }

    /** What Netty's own server-side encoder writes for a text frame of {@code payload}. */
    private static byte[] nettyEncoded(byte[] payload) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        encoder.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        byte[] bytes = written(encoder);
        encoder.finishAndReleaseAll();
        return bytes;
    }

    private static byte[] json(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + i % 26));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return ByteBufUtil.getBytes(all);
    }
}
