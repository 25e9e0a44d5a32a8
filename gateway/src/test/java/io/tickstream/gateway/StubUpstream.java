package io.tickstream.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the services behind the gateway, on loopback:
 * <ul>
 * <li>{@code GET /api/v1/quotes/BTC} answers a fixed quote;</li>
 * <li>{@code GET /api/v1/headers} echoes the request headers it got (names in lower case);</li>
 * <li>{@code GET /api/v1/flaky/{id}} answers 503 the first time for each id and 200 after;</li>
 * <li>{@code GET /admin/flaky/{id}} answers 502 the first time for each id and 200 after;</li>
 * <li>{@code GET /api/v1/silent} never answers;</li>
 * <li>{@code GET /api/v1/stalled} sends its headers and the start of a body, then nothing more;</li>
 * <li>{@code GET /api/v1/slow/{id}?ms=} answers after {@code ms} with the how-many-th call of that id this
 * is, in the body and in {@code X-Upstream-Call}; with {@code cookie=1} it sets a cookie, with
 * {@code chunked=1} the body comes in two chunks without {@code Content-Length};</li>
 * <li>other {@code /api/**} and {@code /admin/**} paths echo the path, {@code POST} echoes the body size;</li>
 * <li>{@code GET /reports/**} answers a page that names the path;</li>
 * <li>{@code /ws} echoes WebSocket text frames.</li>
 * </ul>
 */
final class StubUpstream implements AutoCloseable {

    static final String BTC = "{\"symbol\":\"BTC\",\"price\":\"67000.5\",\"stale\":false}";

    private final DisposableServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> slowCalls = new ConcurrentHashMap<>();

    StubUpstream() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/api/v1/quotes/BTC", (req, res) -> {
                            requests.incrementAndGet();
                            return res.header("Content-Type", "application/json").sendString(Mono.just(BTC));
                        })
                        .get("/api/v1/headers", (req, res) -> {
                            requests.incrementAndGet();
                            StringBuilder json = new StringBuilder("{");
                            req.requestHeaders().names().forEach(name -> json.append(json.length() > 1 ? "," : "")
                                    .append('"').append(name.toLowerCase()).append("\":\"")
                                    .append(String.join(",", req.requestHeaders().getAll(name)).replace("\"", "'")).append('"'));
                            return res.header("Content-Type", "application/json").sendString(Mono.just(json.append('}').toString()));
                        })
                        .get("/api/v1/silent", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendString(Mono.never());
                        })
                        .get("/api/v1/stalled", (req, res) -> {
                            requests.incrementAndGet();
                            return res.header("Content-Type", "application/json")
                                    .sendString(Flux.just("{\"partial\":").concatWith(Flux.never()));
                        })
                        .get("/api/v1/flaky/{id}", (req, res) -> {
                            requests.incrementAndGet();
                            if (failedOnce.add(req.param("id"))) {
                                return res.status(503).sendString(Mono.just("busy"));
                            }
                            return res.header("Content-Type", "application/json").sendString(Mono.just("{\"flaky\":\"ok\"}"));
                        })
                        .get("/api/v1/slow/{id}", (req, res) -> {
                            requests.incrementAndGet();
                            String id = req.param("id");
                            int call = slowCalls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            Map<String, List<String>> query = new QueryStringDecoder(req.uri()).parameters();
                            Duration delay = Duration.ofMillis(Long.parseLong(query.getOrDefault("ms", List.of("0")).getFirst()));
                            res.header("Content-Type", "application/json").header("X-Upstream-Call", Integer.toString(call));
                            if (query.containsKey("cookie")) {
                                res.header("Set-Cookie", "session=" + call);
                            }
                            String body = "{\"id\":\"" + id + "\",\"call\":" + call + "}";
                            if (query.containsKey("chunked")) {
                                return res.sendString(Flux.just(body.substring(0, 5), body.substring(5)).delaySubscription(delay));
                            }
                            return res.sendString(Mono.delay(delay).thenReturn(body));
                        })
                        .post("/api/**", (req, res) -> {
                            requests.incrementAndGet();
                            // counted as it comes, nothing held: a body cut off mid-way leaves no buffers to release twice
                            return res.sendString(req.receive().map(ByteBuf::readableBytes).reduce(0, Integer::sum)
                                    .map(received -> "{\"received\":" + received + "}"));
                        })
                        .get("/api/**", (req, res) -> {
                            requests.incrementAndGet();
                            return res.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"path\":\"" + req.path() + "\"}"));
                        })
                        .get("/reports/**", (req, res) -> {
                            requests.incrementAndGet();
                            return res.header("Content-Type", "text/html").sendString(Mono.just("<p>report " + req.uri() + "</p>"));
                        })
                        .get("/admin/flaky/{id}", (req, res) -> {
                            requests.incrementAndGet();
                            if (failedOnce.add("admin:" + req.param("id"))) {
                                return res.status(502).sendString(Mono.just("bad gateway"));
                            }
                            return res.header("Content-Type", "application/json").sendString(Mono.just("{\"flaky\":\"ok\"}"));
                        })
                        .route(req -> req.uri().startsWith("/admin"), (req, res) -> {
                            requests.incrementAndGet();
                            return res.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"admin\":\"/" + req.path() + "\"}"));
                        })
                        .ws("/ws", (in, out) -> out.sendString(in.receive().asString().map(text -> "echo:" + text))))
                .bindNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    int requests() {
        return requests.get();
    }

    /** Calls of {@code /api/v1/slow/{id}} so far. */
    int slowCalls(String id) {
        AtomicInteger calls = slowCalls.get(id);
        return calls == null ? 0 : calls.get();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
