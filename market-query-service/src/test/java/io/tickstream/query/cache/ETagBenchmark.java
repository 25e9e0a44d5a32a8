package io.tickstream.query.cache;

import java.nio.charset.StandardCharsets;

/**
 * What the ETag costs per answer (figures printed, never a timed test): {@link CachedResponses#etag} of a
 * quote answer of the size {@code GET /api/v1/quotes/BTC} sends (773 B) and of a 1,000-candle answer
 * (~100 KB), after a warm-up, as nanoseconds per call. Run from the module directory:
 * {@code java -cp target/classes:target/test-classes io.tickstream.query.cache.ETagBenchmark}.
 */
public final class ETagBenchmark {

    private ETagBenchmark() {
    }

    public static void main(String[] args) {
        System.out.printf("machine: %d cores, load %s%n", Runtime.getRuntime().availableProcessors(), load());
        measure("quote answer", body(773));
        measure("1,000 candles", body(100_000));
    }

    private static void measure(String what, byte[] body) {
        long sink = 0;
        int calls = Math.max(2_000, 20_000_000 / body.length);
        for (int i = 0; i < calls; i++) {
            sink += CachedResponses.etag(body).length();
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            body[i % body.length] ^= 1;
            sink += CachedResponses.etag(body).length();
        }
        double ns = (System.nanoTime() - start) / (double) calls;
        System.out.printf("%-14s %,8d B: %,10.0f ns per ETag (%,.0f MB/s)  [%d]%n", what, body.length, ns,
                body.length / ns * 1_000, sink % 10);
    }

    private static byte[] body(int size) {
        StringBuilder json = new StringBuilder("{\"symbol\":\"BTC\",\"price\":\"67010.5\",\"sources\":[");
        while (json.length() < size - 2) {
            json.append("{\"source\":\"binance\",\"price\":\"67010.25\"},");
        }
        return json.substring(0, size - 2).concat("]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
