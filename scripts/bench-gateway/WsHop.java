import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway's WebSocket hop adds to a push update (benchmark only, run by scripts/bench-gateway.sh as a
 * single-file program on the JDK alone: java.net.http's WebSocket client and a few lines of RESP for XADD).
 *
 * <p>Opens {@code clients} WebSockets straight to websocket-push-service and as many through the gateway,
 * subscribes all of them to one ticker channel, then appends one quote of that symbol every 1/{@code rate} s
 * to the push service's quote stream and times, on every client, XADD to receipt of the {@code update} the
 * quote caused. Both groups are in this process, on the same clock, fed by the same entries; what the push
 * service itself takes cancels out of the difference of the two p50s, which is the gateway's hop.
 * Latency is taken with {@link System#nanoTime()} against the moment the XADD was sent (the frame's
 * {@code ts}, the entry's ingestTime in ms, only finds which XADD it was). Loopback only, bounded in time.
 *
 * <p>Arguments (name=value): direct, gateway (ws:// URLs), clients (20), rate (quotes/s, 50), warmup (s, 5),
 * duration (s, 20), redis (host:port, 127.0.0.1:6379), stream (the quote stream partition key), symbol (WSHOP).
 * Prints a human summary and one line {@code RESULT direct_p50_ms=… gateway_p50_ms=… …} for the script.
 */
public class WsHop {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq).replaceFirst("^--", ""), a.substring(eq + 1));
        }
        int clients = Integer.parseInt(args.getOrDefault("clients", "20"));
        double rate = Double.parseDouble(args.getOrDefault("rate", "50"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "5"));
        int duration = Integer.parseInt(args.getOrDefault("duration", "20"));
        String symbol = args.getOrDefault("symbol", "WSHOP");
        String[] redis = args.getOrDefault("redis", "127.0.0.1:6379").split(":");
        String stream = args.get("stream");

        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        try (Redis xadd = new Redis(redis[0], Integer.parseInt(redis[1]))) {
            long ts = System.currentTimeMillis();
            xadd.quote(stream, symbol, ts, 1000); // the channel exists once the symbol has a quote
            Thread.sleep(1500);
            Group direct = new Group("direct", URI.create(args.get("direct")), clients, symbol, sentAt);
            Group gateway = new Group("gateway", URI.create(args.get("gateway")), clients, symbol, sentAt);
            direct.subscribed.await(30, TimeUnit.SECONDS);
            gateway.subscribed.await(30, TimeUnit.SECONDS);
            if (direct.subscribed.getCount() > 0 || gateway.subscribed.getCount() > 0) {
                System.out.printf("ERROR: not all subscribed: direct %d, gateway %d of %d missing%n",
                        direct.subscribed.getCount(), gateway.subscribed.getCount(), clients);
                System.exit(1);
            }
            long periodNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(duration);
            int published = 0;
            long next = start;
            boolean measuring = false;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (!measuring && now >= measureFrom) {
                    direct.reset();
                    gateway.reset();
                    published = 0;
                    measuring = true;
                }
                if (now < next) {
                    Thread.sleep(Math.max(0, (next - now) / 1_000_000), (int) ((next - now) % 1_000_000));
                    continue;
                }
                next += periodNanos;
                ts = Math.max(ts + 1, System.currentTimeMillis());
                sentAt.put(ts, System.nanoTime());
                xadd.quote(stream, symbol, ts, 1000 + published % 100);
                published++;
            }
            Thread.sleep(500); // the last updates on their way
            System.out.printf("quotes appended: %d in %d s (%.0f/s), %d clients per path, %d updates due per path%n",
                    published, duration, published / (double) duration, clients, (long) published * clients);
            double[] d = direct.report(published);
            double[] g = gateway.report(published);
            System.out.printf(java.util.Locale.ROOT,
                    "RESULT direct_p50_ms=%.3f direct_p99_ms=%.3f gateway_p50_ms=%.3f gateway_p99_ms=%.3f added_p50_ms=%.3f added_p99_ms=%.3f%n",
                    d[0], d[1], g[0], g[1], g[0] - d[0], g[1] - d[1]);
            direct.close();
            gateway.close();
        }
        System.exit(0);
    }

    /** N clients on one path, their latencies in one array (the listener callbacks are serialized per client). */
    static final class Group {
        final String name;
        final CountDownLatch subscribed;
        final List<WebSocket> sockets = new ArrayList<>();
        final Map<Long, Long> sentAt;
        private long[] latencies = new long[1 << 20];
        private int count;
        private int unmatched;

        Group(String name, URI uri, int clients, String symbol, Map<Long, Long> sentAt) {
            this.name = name;
            this.sentAt = sentAt;
            this.subscribed = new CountDownLatch(clients);
            HttpClient http = HttpClient.newHttpClient(); // one per group: each path has a selector thread of its own
            String subscribe = "{\"op\":\"subscribe\",\"channels\":[\"ticker:" + symbol + "\"]}";
            for (int i = 0; i < clients; i++) {
                WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(uri, new Listener()).join();
                ws.sendText(subscribe, true).join();
                sockets.add(ws);
            }
        }

        synchronized void record(long receivedNanos, long ts) {
            Long sent = sentAt.get(ts);
            if (sent == null) {
                unmatched++;
                return;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = receivedNanos - sent;
        }

        synchronized void reset() {
            count = 0;
            unmatched = 0;
        }

        /** Prints the group's figures and returns {p50, p99} in ms. */
        synchronized double[] report(int published) {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            double p50 = pct(sorted, 0.50), p90 = pct(sorted, 0.90), p99 = pct(sorted, 0.99);
            double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
            System.out.printf(java.util.Locale.ROOT, "%-8s XADD -> receipt: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (%d updates received, %d of them not from this run)%n",
                    name, p50, p90, p99, max, count, unmatched);
            return new double[] {p50, p99};
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
        }

        void close() {
            for (WebSocket ws : sockets) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }

        final class Listener implements WebSocket.Listener {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                long now = System.nanoTime();
                text.append(data);
                ws.request(1);
                if (!last) {
                    return null;
                }
                String message = text.toString();
                text.setLength(0);
                if (message.startsWith("{\"type\":\"update\"")) {
                    record(now, tsOf(message));
                } else if (message.startsWith("{\"type\":\"snapshot\"") || message.startsWith("{\"type\":\"subscribed\"")) {
                    subscribed.countDown();
                } else if (message.startsWith("{\"type\":\"error\"")) {
                    System.out.println(name + ": " + message);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                System.out.println(name + ": " + error);
            }
        }
    }

    static long tsOf(String message) {
        int at = message.indexOf("\"ts\":") + 5;
        int stop = at;
        while (stop < message.length() && Character.isDigit(message.charAt(stop))) {
            stop++;
        }
        return Long.parseLong(message, at, stop, 10);
    }

    /** XADD over one Redis connection, one command at a time (a modest rate: the reply is read before the next). */
    static final class Redis implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Redis(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** One quote of {@code symbol} from "binance" in the common codec's fields, sourceTime = ingestTime = ts. */
        void quote(String stream, String symbol, long ts, int price) throws IOException {
            String time = Long.toString(ts);
            command("XADD", stream, "*", "v", "1", "type", "quote", "id", "quote:binance:" + symbol + ":USD:" + time,
                    "source", "binance", "sourceTime", time, "ingestTime", time,
                    "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
                    "symbol", symbol, "quote", "USD", "price", price + ".5");
        }

        private void command(String... parts) throws IOException {
            StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
            for (String p : parts) {
                resp.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
            }
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = line();
            if (line.startsWith("-")) {
                throw new IOException("Redis: " + line);
            }
            if (line.startsWith("$")) {
                int len = Integer.parseInt(line.substring(1));
                if (len >= 0) {
                    in.readNBytes(len + 2);
                }
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("Redis closed the connection");
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
