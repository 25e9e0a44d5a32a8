package io.tickstream.ingest.feed;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local WebSocket server standing in for a venue's public feed: it records what each connection asked for
 * (the URL, the subscription messages, pongs), and the test decides what it sends: frames to every open
 * connection, pings, silence, a close, or refusing new connections with HTTP 503.
 */
public final class FakeExchange implements AutoCloseable {

    /** One client connection as the server sees it. */
    public static final class Connection {
        final String uri;
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> pongs = new CopyOnWriteArrayList<>();
        final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
        volatile boolean open = true;

        Connection(String uri) {
            this.uri = uri;
        }

        public void send(String text) {
            outbound.emitNext(new TextWebSocketFrame(text), Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
        }

        void ping(String payload) {
            outbound.emitNext(new PingWebSocketFrame(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)),
                    Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
        }

        public void close() {
            outbound.tryEmitComplete();
        }
    }

    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    /** REST answers by path (the venue's REST API on the same port, e.g. {@code /api/v3/trades}). */
    public final java.util.Map<String, String> rest = new java.util.concurrent.ConcurrentHashMap<>();
    /** REST calls received, with their query. */
    public final List<String> restCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int refuseNext;
    private final DisposableServer server;

    public FakeExchange() {
        // request lines up to 64 KB: Binance's combined-stream URL of 1,024 streams is ~20 KB
        server = HttpServer.create().host("127.0.0.1").port(0)
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024))
                .handle((request, response) -> {
                    String path = request.path();
                    if (path.startsWith("api/") || path.startsWith("products/")) {
                        restCalls.add(request.uri());
                        return response.header("Content-Type", "application/json")
                                .sendString(Mono.just(rest.getOrDefault("/" + path, "[]")));
                    }
                    if (refuseNext > 0) {
                        refuseNext--;
                        refused.incrementAndGet();
                        return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
                    }
                    Connection connection = new Connection(request.uri());
                    return response.sendWebsocket((in, out) -> {
                        connections.add(connection);
                        Mono<Void> inbound = in.receiveFrames().doOnNext(frame -> {
                            if (frame instanceof TextWebSocketFrame text) {
                                connection.received.add(text.text());
                            } else if (frame instanceof PongWebSocketFrame pong) {
                                connection.pongs.add(pong.content().toString(StandardCharsets.UTF_8));
                            }
                        }).then();
                        Mono<Void> sending = out.sendObject(connection.outbound.asFlux()).then();
                        return Mono.firstWithSignal(inbound, sending).doFinally(s -> connection.open = false);
                    }, WebsocketServerSpec.builder().handlePing(false).build());
                })
                .bindNow();
    }

    public URI url() {
        return URI.create("ws://127.0.0.1:" + server.port());
    }

    public List<Connection> connections() {
        return connections;
    }

    public List<Connection> open() {
        return connections.stream().filter(c -> c.open).toList();
    }

    public Connection latest() {
        return connections.getLast();
    }

    /** Sends {@code text} to every open connection, as a venue broadcasts to every subscriber. */
    public void broadcast(String text) {
        open().forEach(c -> c.send(text));
    }

    public void refuse(int next) {
        refuseNext = next;
    }

    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        connections.forEach(Connection::close);
        server.disposeNow();
    }

    static Flux<Void> none() {
        return Flux.empty();
    }
}
