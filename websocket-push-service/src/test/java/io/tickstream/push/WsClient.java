package io.tickstream.push;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickstream.push.channel.Frames;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests (Reactor Netty): sends text, collects what arrives with its receipt
 * time, can stop reading (no demand: Reactor Netty turns auto-read off, so the socket fills up) and
 * tells the close status.
 */
public final class WsClient implements AutoCloseable {

    /** A message and when it arrived (epoch ms). */
    public record Received(JsonNode json, long at) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<WebSocketCloseStatus> closeStatus = new CompletableFuture<>();
    private final Reader reader = new Reader();
    private Disposable connection;

    private WsClient() {
    }

    public static WsClient connect(String url) {
        return connect(url, headers -> { }, 0);
    }

    /**
     * Connects; throws when the handshake fails (the cause is Netty's
     * {@code WebSocketClientHandshakeException} with the HTTP response).
     */
    public static WsClient connect(String url, Consumer<HttpHeaders> headers, int receiveBuffer) {
        return connect(url, headers, receiveBuffer, true);
    }

    /** As above; with {@code answerPings} false the client never answers the server's pings (a dead peer). */
    public static WsClient connect(String url, Consumer<HttpHeaders> headers, int receiveBuffer, boolean answerPings) {
        WsClient client = new WsClient();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        HttpClient http = HttpClient.create().headers(headers);
        if (receiveBuffer > 0) {
            http = http.option(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        client.connection = http
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(4 << 20).handlePing(!answerPings).build())
                .uri(url)
                .handle((in, out) -> {
                    opened.complete(null);
                    // a connection cut without a close frame ends as 1006 (abnormal closure)
                    in.withConnection(connection -> connection.onDispose(
                            () -> client.closeStatus.complete(WebSocketCloseStatus.ABNORMAL_CLOSURE)));
                    in.receiveCloseStatus().subscribe(status -> {
                        client.closeStatus.complete(status);
                        client.outgoing.tryEmitComplete();
                    });
                    in.receive().asString().subscribe(client.reader);
                    return out.sendString(client.outgoing.asFlux()).then();
                })
                .subscribe(null, error -> {
                    opened.completeExceptionally(error);
                    client.closeStatus.completeExceptionally(error);
                });
        try {
            opened.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("handshake failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    public WsClient send(String text) {
        outgoing.tryEmitNext(text);
        return this;
    }

    /** The next message, or an AssertionError after {@code timeout}. */
    public JsonNode next(Duration timeout) {
        return nextReceived(timeout).json();
    }

    public Received nextReceived(Duration timeout) {
        try {
            Received message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips messages until one matches; fails after {@code timeout}. */
    public JsonNode until(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching message within " + timeout);
            }
            JsonNode message = next(Duration.ofNanos(left));
            if (match.test(message)) {
                return message;
            }
        }
    }

    /** Whatever arrives within {@code quiet} of the previous message. */
    public List<Received> drain(Duration quiet) {
        List<Received> all = new ArrayList<>();
        try {
            Received message;
            while ((message = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                all.add(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return all;
    }

    /** Stops asking for messages: the socket's buffers fill and the server sees a client that does not read. */
    public void pauseReading() {
        reader.paused = true;
    }

    public void resumeReading() {
        reader.paused = false;
        reader.more();
    }

    /** The close status, or null if the connection is still open after {@code timeout}. */
    public WebSocketCloseStatus closeStatus(Duration timeout) {
        try {
            return closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public boolean isClosed() {
        return closeStatus.isDone();
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        if (connection != null) {
            connection.dispose();
        }
    }

    private final class Reader extends BaseSubscriber<String> {
        volatile boolean paused;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(String value) {
            if (!value.isEmpty()) { // empty: a ping handed to us instead of answered
                received.add(new Received(Frames.json().readTree(value), System.currentTimeMillis()));
            }
            if (!paused) {
                request(1);
            }
        }

        void more() {
            request(1);
        }
    }

}
