package io.tickstream.gateway.loop;

import io.netty.channel.EventLoop;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timers of one request, run on the event loop of the client's connection: no thread hop and no shared
 * timer wheel, which a Reactor {@code timeout} per request would cost. A request without a server
 * connection behind it (mock exchanges in unit tests) gets Reactor's parallel scheduler instead.
 */
public final class ConnectionTimer {

    private final EventLoop loop;

    private ConnectionTimer(EventLoop loop) {
        this.loop = loop;
    }

    /** The timer of the exchange's client connection. */
    public static ConnectionTimer of(ServerWebExchange exchange) {
        return new ConnectionTimer(eventLoop(exchange));
    }

    /** Runs {@code task} once after {@code nanos}; disposing the result cancels it if it has not run. */
    public Disposable schedule(Runnable task, long nanos) {
        if (loop == null) {
            return Schedulers.parallel().schedule(task, nanos, TimeUnit.NANOSECONDS);
        }
        ScheduledFuture<?> future = loop.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** The event loop of the client's connection (Reactor Netty's request is that connection), if any. */
    private static EventLoop eventLoop(ServerWebExchange exchange) {
        try {
            return ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection
                    ? connection.channel().eventLoop() : null;
        } catch (IllegalStateException e) {
            return null; // a request without a server behind it (mock exchanges in tests)
        }
    }
}
