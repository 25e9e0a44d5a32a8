package io.tickstream.gateway.collapse;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Set;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;

/**
 * The response of the read that leads a {@link Flight}. When the body written is the upstream's, with a
 * {@code Content-Length} within the limit, it is read whole, handed to the waiting reads, then written
 * to this caller: the waiting reads never depend on how fast this caller reads. Anything else (the
 * gateway's own answers such as a fallback, a streamed or oversized body) passes through, and the
 * waiting reads are told to make their own calls.
 */
final class CapturingResponse extends ServerHttpResponseDecorator {

    private final ServerWebExchange exchange;
    private final Flight flight;
    private final InFlightReads reads;
    private final int maxBodyBytes;

    CapturingResponse(ServerWebExchange exchange, Flight flight, InFlightReads reads, int maxBodyBytes) {
        super(exchange.getResponse());
        this.exchange = exchange;
        this.flight = flight;
        this.reads = reads;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        Set<String> upstreamNames = exchange.getAttribute(CLIENT_RESPONSE_HEADER_NAMES);
        HttpHeaders headers = getHeaders();
        long length = headers.getContentLength();
        if (upstreamNames == null || exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR) == null || getStatusCode() == null
                || length < 0 || length > maxBodyBytes || !SharedAnswer.shareable(headers)) {
            reads.land(flight, SharedAnswer.NONE);
            return super.writeWith(body);
        }
        if (length == 0) {
            reads.land(flight, SharedAnswer.of(getStatusCode(), headers, upstreamNames, new byte[0]));
            return super.writeWith(body);
        }
        return DataBufferUtils.join(body, maxBodyBytes).flatMap(whole -> {
            byte[] bytes = new byte[whole.readableByteCount()];
            int start = whole.readPosition();
            whole.read(bytes);
            whole.readPosition(start);
            reads.land(flight, SharedAnswer.of(getStatusCode(), headers, upstreamNames, bytes));
            return super.writeWith(Mono.just(whole));
        });
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        reads.land(flight, SharedAnswer.NONE); // a stream: nothing whole to share
        return super.writeAndFlushWith(body);
    }

    @Override
    public Mono<Void> setComplete() {
        reads.land(flight, SharedAnswer.NONE);
        return super.setComplete();
    }
}
