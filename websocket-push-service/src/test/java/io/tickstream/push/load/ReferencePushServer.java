package io.tickstream.push.load;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.event.Quote;
import io.tickstream.common.market.MarketProjection;
import io.tickstream.common.market.TickerJson;
import io.tickstream.common.stream.StreamEntryCodec;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference of the push benchmark ({@code scripts/bench-push.sh}, test scope, never in the service's
 * jar): a bare Reactor Netty WebSocket server that does only what a JVM server must do to push the same
 * updates to the same connections. It answers {@code {"op":"subscribe","channels":[…]}} with one small
 * {@code snapshot} message per channel, tails the same stream with one blocking {@code XREAD} loop, writes
 * each quote once as the push service's {@code update} message (the same fields and the same ticker
 * object, from a {@link MarketProjection}, so the frames have the same size) and broadcasts it the way Netty's own examples do: one task per
 * event loop, each subscriber's channel getting a {@link TextWebSocketFrame} over a retained duplicate of the
 * one buffer, written and flushed. No projection, no deltas, no per-connection queue or slow-client policy,
 * no metrics: what the push service is measured against is this server's delivered rate and p99 in the
 * same run, on the same machine.
 *
 * <p>Arguments ({@code --name=value}): {@code port} (18090), {@code redis} (redis://127.0.0.1:6379),
 * {@code stream} (base name of the market data stream, whose partitions it tails).
 */
public final class ReferencePushServer {

    private static final Pattern CHANNEL = Pattern.compile("\"(ticker:[A-Za-z0-9_-]+)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** channel -> (event loop -> its subscribed Netty channels); copy on write, updates far outnumber subscribes. */
    private final ConcurrentHashMap<String, Map<EventLoop, Channel[]>> subscribers = new ConcurrentHashMap<>();
    private final MarketProjection projection = new MarketProjection();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            args.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new ReferencePushServer().run(Integer.parseInt(args.getOrDefault("port", "18090")),
                args.getOrDefault("redis", "redis://127.0.0.1:6379"), args.get("stream"));
    }

    private void run(int port, String redisUri, String stream) throws InterruptedException {
        DisposableServer server = HttpServer.create().port(port)
                .route(routes -> routes.ws("/ws", this::session, WebsocketServerSpec.builder().maxFramePayloadLength(65536).build()))
                .bindNow();
        System.out.println("reference push server on port " + server.port() + ", tailing " + stream);
        RedisClient redis = RedisClient.create(redisUri);
        StatefulRedisConnection<String, String> connection = redis.connect();
        // the push service reads the stream's partitions ({@link Partitions}): so does the reference, in one XREAD
        Map<String, String> last = new LinkedHashMap<>();
        for (String key : Partitions.defaults().keys(stream)) {
            last.put(key, "$");
        }
        while (!Thread.currentThread().isInterrupted()) {
            XReadArgs.StreamOffset<String>[] offsets = last.entrySet().stream()
                    .map(e -> XReadArgs.StreamOffset.from(e.getKey(), e.getValue())).toArray(XReadArgs.StreamOffset[]::new);
            List<StreamMessage<String, String>> entries = connection.sync().xread(XReadArgs.Builder.block(1000).count(500), offsets);
            for (StreamMessage<String, String> entry : entries) {
                last.put(entry.getStream(), entry.getId());
                broadcast(entry);
            }
        }
    }

    private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out) {
        Channel[] channel = {null};
        in.withConnection(c -> channel[0] = c.channel());
        return in.receive().asString().doOnNext(text -> subscribe(channel[0], text)).then()
                .doFinally(signal -> unsubscribe(channel[0]));
    }

    private void subscribe(Channel channel, String request) {
        Matcher names = CHANNEL.matcher(request);
        while (names.find()) {
            String name = names.group(1);
            subscribers.compute(name, (key, groups) -> {
                Map<EventLoop, Channel[]> next = groups == null ? new IdentityHashMap<>() : new IdentityHashMap<>(groups);
                Channel[] members = next.getOrDefault(channel.eventLoop(), new Channel[0]);
                Channel[] grown = java.util.Arrays.copyOf(members, members.length + 1);
                grown[members.length] = channel;
                next.put(channel.eventLoop(), grown);
                return next;
            });
            channel.writeAndFlush(new TextWebSocketFrame("{\"type\":\"snapshot\",\"channel\":\"" + name + "\",\"data\":null}"));
        }
    }

    private void unsubscribe(Channel channel) {
        for (String name : subscribers.keySet()) {
            subscribers.computeIfPresent(name, (key, groups) -> {
                Map<EventLoop, Channel[]> next = new IdentityHashMap<>(groups);
                Channel[] members = next.get(channel.eventLoop());
                if (members != null) {
                    next.put(channel.eventLoop(), java.util.Arrays.stream(members).filter(c -> c != channel).toArray(Channel[]::new));
                }
                return next;
            });
        }
    }

    private void broadcast(StreamMessage<String, String> entry) {
        if (!(StreamEntryCodec.decode(entry.getBody()) instanceof Quote quote) || !projection.apply(quote)) {
            return;
        }
        String name = "ticker:" + quote.symbol();
        Map<EventLoop, Channel[]> groups = subscribers.get(name);
        if (groups == null) {
            return;
        }
        // the push service's update message: same fields, same ticker object (TickerJson of the same projection)
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", "update");
        frame.put("channel", name);
        frame.put("offset", entry.getId());
        frame.put("epoch", "0-reference");
        frame.put("ts", quote.meta().ingestTime());
        frame.put("traceparent", quote.meta().traceparent());
        frame.set("data", TickerJson.ticker(projection, quote.symbol()).orElse(null));
        byte[] bytes = JSON.writeValueAsBytes(frame);
        ByteBuf shared = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        groups.forEach((loop, members) -> {
            ByteBuf mine = shared.retainedDuplicate();
            loop.execute(() -> {
                for (Channel member : members) {
                    member.writeAndFlush(new TextWebSocketFrame(mine.retainedDuplicate()), member.voidPromise());
                }
                mine.release();
            });
        });
        shared.release();
    }
}
