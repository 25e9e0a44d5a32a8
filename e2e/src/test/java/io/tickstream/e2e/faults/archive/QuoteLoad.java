package io.tickstream.e2e.faults.archive;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamEntryCodec;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady load of quotes appended straight to the quote partitions (as the ingest service's codec writes
 * them): every 50 ms one quote of each of eight symbols, source {@code faultload}, each with a key of its
 * own (source time = start + round), so about 160 entries a second, every one a distinct idempotency key.
 * Runs on a virtual thread with a connection of its own until {@link #stop()}.
 */
final class QuoteLoad {

    static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "XRP", "ADA", "DOGE", "DOT", "LTC");
    private static final String SOURCE = "faultload";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String marketData;
    private final Partitions partitions;
    private final AtomicInteger appended = new AtomicInteger();
    private volatile boolean running = true;
    private Thread thread;

    private QuoteLoad(String host, int port, String marketData, Partitions partitions) {
        this.client = RedisClient.create(RedisURI.create(host, port));
        this.connection = client.connect();
        this.marketData = marketData;
        this.partitions = partitions;
    }

    static QuoteLoad start(String host, int port, String marketData, Partitions partitions) {
        QuoteLoad load = new QuoteLoad(host, port, marketData, partitions);
        load.thread = Thread.ofVirtual().name("quote-load").start(load::run);
        return load;
    }

    /** Entries appended so far. */
    int appended() {
        return appended.get();
    }

    private void run() {
        long base = System.currentTimeMillis();
        long round = 0;
        while (running) {
            for (String symbol : SYMBOLS) {
                Quote quote = quote(symbol, base + round);
                connection.sync().xadd(partitions.keyFor(marketData, symbol), StreamEntryCodec.encode(quote));
                appended.incrementAndGet();
            }
            round++;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Quote quote(String symbol, long sourceTime) {
        String price = (sourceTime % 100_000) + ".25";
        return new Quote(EventMeta.of(Quote.idempotencyKey(SOURCE, symbol, "USDT", sourceTime), SOURCE, sourceTime,
                sourceTime + 3, TRACEPARENT), symbol, "USDT", new BigDecimal(price), null, null, null, null, null,
                false, null, null, null);
    }

    /** Stops appending and closes the connection; returns once the last append is done. */
    void stop() {
        running = false;
        try {
            if (thread != null) {
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
        client.shutdown();
    }
}
