package io.tickstream.gateway.websocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket connections the gateway proxies ({@code /ws} to the push service), and how they end when the
 * gateway stops: each client gets close code 1001 "going away" at once, as the push service's own instances send
 * it, so the SDK reconnects (to another gateway instance) and resumes by offset. Without this the connections stay
 * open through the web server's graceful shutdown ({@code spring.lifecycle.timeout-per-shutdown-phase}, 10 s) and
 * are then cut without a close code (clients saw 1005/1006).
 *
 * <p>Stops in the default phase, before the web server's graceful shutdown; waits at most {@link #CLOSE_GRACE}
 * for the close handshakes.
 */
public final class ProxiedWebSockets implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProxiedWebSockets.class);
    /** How long a stop waits for the proxied connections to finish their close handshake. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /** {@code service} with every session it opens registered here until it ends. */
    WebSocketService tracking(WebSocketService service) {
        return new WebSocketService() {
            @Override
            public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
                return service.handleRequest(exchange, tracked(handler));
            }
        };
    }

    private WebSocketHandler tracked(WebSocketHandler handler) {
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return handler.getSubProtocols(); // the proxy offers the client's sub-protocols upstream
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                sessions.add(session);
                if (!running) {
                    session.close(CloseStatus.GOING_AWAY).subscribe();
                }
                return handler.handle(session).doFinally(signal -> sessions.remove(session));
            }
        };
    }

    /** Connections open now. */
    public int open() {
        return sessions.size();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    /**
     * Sends every proxied connection 1001 and tells Spring it is done once they have all ended, or after
     * {@link #CLOSE_GRACE}: watched on a timer, so no thread waits.
     */
    @Override
    public void stop(Runnable callback) {
        running = false;
        int open = sessions.size();
        if (open == 0) {
            callback.run();
            return;
        }
        log.info("shutting down: closing {} proxied WebSocket connections with 1001 going away", open);
        sessions.forEach(session -> session.close(CloseStatus.GOING_AWAY).subscribe(null,
                e -> log.debug("closing a proxied WebSocket failed: {}", e.toString())));
        Flux.interval(Duration.ofMillis(20))
                .takeUntil(tick -> sessions.isEmpty())
                .then()
                .timeout(CLOSE_GRACE, Mono.empty())
                .doFinally(signal -> callback.run())
                .subscribe(null, e -> log.debug("waiting for the proxied WebSockets to close failed: {}", e.toString()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
