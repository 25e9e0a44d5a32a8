package io.tickstream.ingest.feed;

import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Feed connections over Reactor Netty's WebSocket client. Pings from the venue are answered with a pong
 * carrying the ping's payload by the client itself (Binance pings every 20 s and drops a connection that has
 * not answered within a minute); frames up to 1 MiB (Kraken's trade snapshot is the largest).
 */
public final class WebSocketTransport implements FeedTransport {

    private static final int MAX_FRAME = 1 << 20;

    @Override
    public Flux<String> open(URI uri, List<String> subscriptions, Duration connectTimeout) {
        return HttpClient.create()
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .responseTimeout(connectTimeout)
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).handlePing(false).build())
                .uri(uri)
                .handle((in, out) -> Flux.merge(in.receive().asString(),
                        out.sendString(Flux.fromIterable(subscriptions)).then().cast(String.class)));
    }
}
