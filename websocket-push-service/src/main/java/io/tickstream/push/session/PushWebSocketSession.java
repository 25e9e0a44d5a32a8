package io.tickstream.push.session;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Spring's Reactor Netty WebSocket session, plus the Reactor Netty {@link Connection} it runs on.
 * {@link PushRequestUpgradeStrategy} creates one for every connection of this service.
 *
 * <p>The connection is needed for two things Spring's {@code WebSocketSession} cannot do: cut a
 * client that does not read (it never takes the close frame, so it never completes the close
 * handshake; Reactor Netty closes the channel only once that frame is written) and know the
 * connection's event loop, where {@link OutboundQueue} writes straight to the channel.
 *
 * <p>Why this is the supported route: Spring keeps the Reactor Netty inbound/outbound of a session
 * in its delegate, {@link ReactorNettyWebSocketSession.WebSocketConnection} (public class, public
 * {@code getInbound()/getOutbound()}), behind {@code AbstractWebSocketSession#getDelegate()}, which
 * is {@code protected}: an API for subclasses, which Spring's own {@code receive/send/close} use. No
 * public method reaches the channel ({@code getChannelId()} gives only its id; the
 * {@link HandshakeInfo} attributes are copied from the {@code WebSession}, which knows no connection).
 * So this subclass calls {@code getDelegate()} as a subclass may, and hands the connection out
 * through Reactor Netty's public {@code NettyOutbound#withConnection}. No reflection, no
 * {@code setAccessible}: if Spring changes that API, this stops compiling instead of failing silently
 * at run time. Before, {@code ClientSession} opened {@code getDelegate()} by reflection and swallowed
 * any failure, losing both abilities without a trace.
 */
final class PushWebSocketSession extends ReactorNettyWebSocketSession {

    private final Connection connection;

    PushWebSocketSession(WebsocketInbound inbound, WebsocketOutbound outbound, HandshakeInfo info,
                         NettyDataBufferFactory bufferFactory, int maxFramePayloadLength) {
        super(inbound, outbound, info, bufferFactory, maxFramePayloadLength);
        Connection[] found = {null};
        getDelegate().getOutbound().withConnection(c -> found[0] = c);
        if (found[0] == null) {
            throw new IllegalStateException("Reactor Netty WebSocket outbound without a connection: " + outbound);
        }
        this.connection = found[0];
    }

    /** The Reactor Netty connection of this session (never null); {@code connection().channel()} is its Netty channel. */
    Connection connection() {
        return connection;
    }
}
