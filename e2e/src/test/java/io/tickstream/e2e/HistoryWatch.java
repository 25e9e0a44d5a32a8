package io.tickstream.e2e;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches, from the suite's start, when a fresh offline run first serves BTC's history as a user would see it: a
 * 1-minute candle from before the ingest service started (backfilled, archived and rolled up), and the indicators the
 * dashboard shows over its default 1-minute chart (sma20, ema50, rsi14) all non-null. Asked every second at the query service, in a thread
 * of its own, so the moment is measured from the start whichever test asks for it, and however late.
 */
final class HistoryWatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String queryUrl;
    private final long startedAt;
    private final Duration giveUpAfter;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long readyAt = -1;
    private volatile String lastSeen = "nothing asked yet";

    private HistoryWatch(String queryUrl, long startedAt, Duration giveUpAfter) {
        this.queryUrl = queryUrl;
        this.startedAt = startedAt;
        this.giveUpAfter = giveUpAfter;
    }

    /** Starts watching the query service at {@code queryUrl}; {@code startedAt} is the ingest service's start. */
    static HistoryWatch start(String queryUrl, long startedAt, Duration giveUpAfter) {
        HistoryWatch watch = new HistoryWatch(queryUrl, startedAt, giveUpAfter);
        Thread thread = new Thread(watch::run, "history-watch");
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    /**
     * Milliseconds from the ingest service's start until the history was first served, waiting for the answer as long
     * as the watch goes on; -1 when it never was within the watch's time (then {@link #lastSeen()} says what was there).
     */
    long millisUntilReady() throws InterruptedException {
        done.await(giveUpAfter.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        return readyAt < 0 ? -1 : readyAt - startedAt;
    }

    String lastSeen() {
        return lastSeen;
    }

    private void run() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            String before = Instant.ofEpochMilli(startedAt - 3_600_000L).toString();
            while (System.currentTimeMillis() < startedAt + giveUpAfter.toMillis()) {
                try {
                    JsonNode candles = get(http, "/api/v1/quotes/BTC/candles?interval=1m&limit=1&to=" + before);
                    JsonNode values = get(http, "/api/v1/quotes/BTC/indicators?interval=1m&names=sma20,ema50,rsi14").path("values");
                    boolean history = candles.path("candles").size() > 0;
                    boolean indicators = !values.path("sma20").isNull() && !values.path("sma20").isMissingNode()
                            && !values.path("ema50").isNull() && !values.path("ema50").isMissingNode()
                            && !values.path("rsi14").isNull() && !values.path("rsi14").isMissingNode();
                    lastSeen = "history before the start: " + history + ", indicators: " + values;
                    if (history && indicators) {
                        readyAt = System.currentTimeMillis();
                        return;
                    }
                } catch (IOException | RuntimeException e) {
                    lastSeen = e.toString(); // not up yet, or not yet an answer
                }
                Thread.sleep(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    private JsonNode get(HttpClient http, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(queryUrl + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(path + " answered " + answer.statusCode());
        }
        return JSON.readTree(answer.body());
    }
}
