package io.tickstream.push.sse;

import io.tickstream.push.session.OneWaySession;
import io.tickstream.push.session.OneWaySessions;
import io.tickstream.push.session.SessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * {@code GET /sse?channels=ticker:BTC,dashboard}: the WebSocket protocol's messages as
 * {@code text/event-stream} events, for clients where WebSocket is blocked. Each event's {@code data} is
 * one JSON message exactly as on {@code /ws}; its {@code id} is the message's {@code offset} (absent on
 * replies and empty snapshots), so a reconnecting {@code EventSource} sends it back as
 * {@code Last-Event-ID}. A comment line every {@code heartbeat}. When the server ends the stream
 * (slow consumer, token expired, going away) the last event is
 * {@code {"type":"close","code":4008,"reason":"slow consumer"}} with the WebSocket close code.
 *
 * <p>The request passes the handshake checks of {@code /ws} (origin, rate, per-address limit, token from
 * {@code Authorization: Bearer} or {@code access_token}); the session is an ordinary push session on a
 * one-way transport ({@link OneWaySessions}): same queue bound, conflation and 4008, same token expiry.
 */
@Configuration(proxyBeanMethods = false)
class SseEndpoint {

    private final OneWaySessions sessions;
    private final SessionProperties limits;
    private final SseProperties properties;

    SseEndpoint(OneWaySessions sessions, SessionProperties limits, SseProperties properties) {
        this.sessions = sessions;
        this.limits = limits;
        this.properties = properties;
    }

    @Bean
    RouterFunction<ServerResponse> sseRoute() {
        return RouterFunctions.route().GET("/sse", this::stream).build();
    }

    private Mono<ServerResponse> stream(ServerRequest request) {
        SseRequest subscribe;
        try {
            subscribe = SseRequest.parse(request.queryParam("channels").orElse(null), request.queryParam("since").orElse(null),
                    request.queryParam("epoch").orElse(null), request.headers().firstHeader("Last-Event-ID"),
                    request.queryParam("delta").orElse(null), request.queryParam("maxRate").orElse(null),
                    limits.maxSubscriptions(), limits.maxRate());
        } catch (SseRequest.BadQuery e) {
            return problem(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        Mono<Principal> principal = request.exchange().getPrincipal();
        return sessions.open(principal, request.exchange().getRequest(), connection(request.exchange().getRequest()))
                .flatMap(session -> {
                    session.request(subscribe.subscribeJson());
                    return ServerResponse.ok()
                            .contentType(MediaType.TEXT_EVENT_STREAM)
                            .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
                            .header("X-Accel-Buffering", "no")
                            .body(BodyInserters.fromServerSentEvents(events(session)));
                })
                .switchIfEmpty(Mono.defer(() -> problem(HttpStatus.TOO_MANY_REQUESTS, "too many connections from this address")));
    }

    /** The session's messages, then its close event; heartbeats until they end; the session ends with the stream. */
    private Flux<ServerSentEvent<String>> events(OneWaySession session) {
        Sinks.Empty<Void> done = Sinks.empty();
        Flux<ServerSentEvent<String>> messages = session.messages().map(SseEndpoint::event)
                .concatWith(Mono.fromSupplier(() -> closing(session)))
                .doFinally(signal -> done.tryEmitEmpty());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(properties.heartbeat())
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build())
                .takeUntilOther(done.asMono());
        ServerSentEvent<String> hello = ServerSentEvent.<String>builder().retry(properties.retry()).comment("tickstream").build();
        return Flux.merge(messages, heartbeats)
                .startWith(hello)
                .doFinally(signal -> session.end());
    }

    private static ServerSentEvent<String> event(OneWaySession.Message message) {
        ServerSentEvent.Builder<String> event = ServerSentEvent.builder(new String(message.json(), StandardCharsets.UTF_8));
        if (message.offset() != null) {
            event.id(message.offset());
        }
        return event.build();
    }

    /** {@code {"type":"close","code","reason"}} when the server ended the session; null (nothing) when the client left. */
    private static ServerSentEvent<String> closing(OneWaySession session) {
        int code = session.closeCode();
        if (code == 0) {
            return null;
        }
        String json = "{\"type\":\"close\",\"code\":" + code + ",\"reason\":\"" + session.closeText() + "\"}";
        return ServerSentEvent.builder(json).build();
    }

    /** The Reactor Netty connection under the request (cut when a client does not take the end); null when not on Reactor Netty. */
    private static Connection connection(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        return nativeRequest instanceof Connection connection ? connection : null;
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String detail) {
        ServerResponse.BodyBuilder response = ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.bodyValue(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
