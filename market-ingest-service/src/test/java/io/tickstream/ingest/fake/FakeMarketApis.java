package io.tickstream.ingest.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One local HTTP server that fakes every public market API Tickstream polls, at its documented paths
 * and with its documented JSON (fixtures under {@code src/test/resources/fake/<source>/}), so tests
 * never call the real APIs. Each API is mounted under its own prefix; point a source's
 * {@code base-url} at {@link #baseUrl(String)}:
 *
 * <table>
 *   <caption>APIs and base URLs</caption>
 *   <tr><th>source</th><th>base URL</th><th>serves</th></tr>
 *   <tr><td>{@code coingecko}</td><td>{@code http://127.0.0.1:PORT/coingecko/api/v3}</td>
 *       <td>{@code /coins/markets}, {@code /global}</td></tr>
 *   <tr><td>{@code binance}</td><td>{@code http://127.0.0.1:PORT/binance}</td>
 *       <td>{@code /api/v3/ticker/24hr} ({@code symbol}, {@code symbols})</td></tr>
 *   <tr><td>{@code kraken}</td><td>{@code http://127.0.0.1:PORT/kraken}</td>
 *       <td>{@code /0/public/Ticker}, {@code /0/public/AssetPairs}</td></tr>
 *   <tr><td>{@code coinbase}</td><td>{@code http://127.0.0.1:PORT/coinbase}</td>
 *       <td>{@code /products/{id}/ticker}</td></tr>
 *   <tr><td>{@code feargreed}</td><td>{@code http://127.0.0.1:PORT/feargreed}</td><td>{@code /fng/}</td></tr>
 * </table>
 *
 * <p>The market listed is BTC, ETH, SOL, XRP, DOGE, ADA, LTC, LINK, DOT and AVAX (against USD, USDT at
 * Binance); any other symbol is unknown and each API says so its own way: CoinGecko leaves the coin
 * out, Binance answers 400 {@code -1121} for the whole call, Kraken HTTP 200 with
 * {@code EQuery:Unknown asset pair} for the whole call, Coinbase 404 {@code NotFound}.
 * {@link #unlist(String, String)} makes one API treat a listed symbol the same way.
 *
 * <p>State is per instance and thread-safe: prices ({@link #setPrice}), field patches
 * ({@link #patch}), the fear &amp; greed reading, Binance's used weight, a queue of {@link Fault}s by
 * path prefix ({@link #failNext(String, int, Fault)}) and every request received
 * ({@link #requests(String)}), recorded before any fault applies. Handlers run on virtual threads,
 * so slow answers don't hold up others.
 *
 * <pre>{@code
 * try (FakeMarketApis fake = FakeMarketApis.start()) {
 *     fake.setPrice("BTC", "68000.50").failNext("binance", Fault.status(429).header("Retry-After", "7"));
 *     // ... point tickstream.ingest.sources.binance.base-url at fake.baseUrl("binance"), poll ...
 *     assertThat(fake.requestCount("binance")).isEqualTo(1);
 * }
 * }</pre>
 */
public final class FakeMarketApis implements AutoCloseable {

    /** The APIs served, by source name. */
    public static final List<String> SOURCES = List.of(FakeCoinGeckoApi.NAME, FakeBinanceApi.NAME,
            FakeKrakenApi.NAME, FakeCoinbaseApi.NAME, FakeFearGreedApi.NAME);

    private static final Map<String, String> BASE_PATHS = Map.of(
            FakeCoinGeckoApi.NAME, "/coingecko/api/v3",
            FakeBinanceApi.NAME, "/binance",
            FakeKrakenApi.NAME, "/kraken",
            FakeCoinbaseApi.NAME, "/coinbase",
            FakeFearGreedApi.NAME, "/feargreed");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final FakeMarket market = new FakeMarket();
    private final Map<String, FakeApi> apis = new LinkedHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<PendingFault> faults = new ArrayList<>();

    private record PendingFault(String pathPrefix, Fault fault) {
    }

    private FakeMarketApis() throws IOException {
        apis.put(FakeCoinGeckoApi.NAME, new FakeCoinGeckoApi(market));
        apis.put(FakeBinanceApi.NAME, new FakeBinanceApi(market));
        apis.put(FakeKrakenApi.NAME, new FakeKrakenApi(market));
        apis.put(FakeCoinbaseApi.NAME, new FakeCoinbaseApi(market));
        apis.put(FakeFearGreedApi.NAME, new FakeFearGreedApi(market));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static FakeMarketApis start() {
        try {
            FakeMarketApis fake = new FakeMarketApis();
            fake.server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake market APIs", e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL of {@code source}'s API, e.g. {@code http://127.0.0.1:PORT/coingecko/api/v3}. */
    public String baseUrl(String source) {
        String basePath = BASE_PATHS.get(source);
        if (basePath == null) {
            throw new IllegalArgumentException("no fake API for '" + source + "'; one of " + SOURCES);
        }
        return "http://127.0.0.1:" + port() + basePath;
    }

    /**
     * Makes every API quote {@code symbol} at {@code price} from now on, written as given (CoinGecko's
     * {@code current_price}, Binance's {@code lastPrice}, Kraken's {@code c[0]}, Coinbase's
     * {@code price}); other fields keep their fixture values.
     */
    public FakeMarketApis setPrice(String symbol, String price) {
        return setPrice(symbol, new BigDecimal(price));
    }

    /** As {@link #setPrice(String, String)}. */
    public FakeMarketApis setPrice(String symbol, BigDecimal price) {
        market.setPrice(symbol, price);
        return this;
    }

    /** Makes {@code source}'s API treat canonical {@code symbol} as not listed, its own way. */
    public FakeMarketApis unlist(String source, String symbol) {
        requireSource(source);
        market.unlist(source, symbol);
        return this;
    }

    /**
     * Sets a raw field of {@code source}'s answer object for {@code symbol} to {@code jsonValue}, a JSON
     * value such as {@code null}, {@code "\"67000.1\""}, {@code 12.5} or {@code ["1","2"]}; applied after
     * {@link #setPrice}. For CoinGecko markets, Binance and Coinbase tickers and Kraken pairs.
     */
    public FakeMarketApis patch(String source, String symbol, String field, String jsonValue) {
        requireSource(source);
        market.patch(source, symbol, field, jsonValue);
        return this;
    }

    /** Makes the Fear &amp; Greed API report {@code value} with {@code classification}. */
    /**
     * Answers carry the current time (Binance {@code closeTime}, CoinGecko {@code last_updated} and
     * {@code updated_at}, Coinbase {@code time}, Fear &amp; Greed {@code timestamp}) instead of the
     * fixtures' fixed 2024 times, so a running service sees fresh, not stale, data.
     */
    public FakeMarketApis liveTimes() {
        market.setLiveTimes(true);
        return this;
    }

    public FakeMarketApis setFearGreed(int value, String classification) {
        market.setFearGreed(new FakeMarket.FearGreed(value, classification));
        return this;
    }

    /** Sets Binance's used weight; each Binance answer adds its weight and reports the sum. */
    public FakeMarketApis setBinanceUsedWeight(int weight) {
        market.binanceUsedWeight().set(weight);
        return this;
    }

    /** Binance's used weight so far. */
    public int binanceUsedWeight() {
        return market.binanceUsedWeight().get();
    }

    /** As {@link #failNext(String, int, Fault)} for one request. */
    public FakeMarketApis failNext(String pathPrefix, Fault fault) {
        return failNext(pathPrefix, 1, fault);
    }

    /**
     * The next {@code times} requests whose path starts with {@code pathPrefix} get {@code fault}
     * instead of the normal answer. The prefix is a request path, with or without its leading slash:
     * {@code "binance"} matches every Binance call, {@code "/coingecko/api/v3/global"} only CoinGecko's
     * global call. Faults queued for overlapping prefixes apply in the order they were queued.
     */
    public FakeMarketApis failNext(String pathPrefix, int times, Fault fault) {
        String prefix = pathPrefix.startsWith("/") ? pathPrefix : "/" + pathPrefix;
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.add(new PendingFault(prefix, fault));
            }
        }
        return this;
    }

    /** Faults queued and not yet given. */
    public int pendingFaults() {
        synchronized (faults) {
            return faults.size();
        }
    }

    /** Drops every queued fault. */
    public FakeMarketApis clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
        return this;
    }

    /** Every request received, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests received for {@code source}'s API, in arrival order. */
    public List<RecordedRequest> requests(String source) {
        return requests.stream().filter(r -> r.source().equals(source)).toList();
    }

    /** How many requests {@code source}'s API received. */
    public int requestCount(String source) {
        return requests(source).size();
    }

    /** Forgets the requests received so far. */
    public FakeMarketApis clearRequests() {
        requests.clear();
        return this;
    }

    /** Back to the fixtures: no prices set, all listed, no patches, no faults, no requests, weight 0. */
    public FakeMarketApis reset() {
        market.reset();
        clearFaults();
        return clearRequests();
    }

    /** Stops the server at once; answers still being delayed are dropped. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = record(exchange);
            requests.add(request);
            FakeApi api = apis.get(request.source());
            if (api == null) {
                send(exchange, FakeResponse.json(404, "{\"error\":\"no fake API at this path\"}"));
                return;
            }
            // a prefix may name the query too ("/binance/api/v3/klines?symbol=ETHUSDT"), to fail one page of many
            Fault fault = takeFault(request.rawQuery() == null ? request.path() : request.path() + "?" + request.rawQuery());
            if (fault == null) {
                send(exchange, answer(api, request));
            } else if (fault.passesThrough()) {
                Thread.sleep(fault.delay());
                send(exchange, answer(api, request));
            } else {
                send(exchange, fault.response());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout) or the server is closing; nothing to answer to
        }
    }

    /** The API's answer; a bug in the fake is a 500 naming it, not a dropped connection. */
    private static FakeResponse answer(FakeApi api, RecordedRequest request) {
        try {
            return api.answer(request);
        } catch (RuntimeException e) {
            ObjectNode error = FakeMarket.object().put("error", "fake " + request.source() + " failed: " + e);
            return FakeResponse.json(500, FakeMarket.write(error));
        }
    }

    private RecordedRequest record(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String source = "";
        String apiPath = path;
        for (Map.Entry<String, String> base : BASE_PATHS.entrySet()) {
            if (path.startsWith(base.getValue() + "/")) {
                source = base.getKey();
                apiPath = path.substring(base.getValue().length());
            }
        }
        return new RecordedRequest(source, exchange.getRequestMethod(), path, apiPath,
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), Instant.now());
    }

    private Fault takeFault(String path) {
        synchronized (faults) {
            for (Iterator<PendingFault> it = faults.iterator(); it.hasNext(); ) {
                PendingFault pending = it.next();
                if (path.startsWith(pending.pathPrefix())) {
                    it.remove();
                    return pending.fault();
                }
            }
            return null;
        }
    }

    private static void send(HttpExchange exchange, FakeResponse response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        response.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void requireSource(String source) {
        if (!BASE_PATHS.containsKey(source)) {
            throw new IllegalArgumentException("no fake API for '" + source + "'; one of " + SOURCES);
        }
    }
}
