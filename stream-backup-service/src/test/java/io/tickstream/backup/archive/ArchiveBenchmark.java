package io.tickstream.backup.archive;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.common.event.Decimals;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestRedis;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Archive throughput, printed, never asserted (run by {@code scripts/bench-backup.sh}):
 * <ol>
 *   <li>baseline: the same quotes as multi-row {@code INSERT ... ON CONFLICT DO NOTHING} statements
 *       (1,000 rows each) through {@code psql}, into a fresh archive schema;</li>
 *   <li>the archiver catching up a pre-filled stream of N entries from start (group creation,
 *       partitions) until every entry is committed and acknowledged, at two batch sizes.</li>
 * </ol>
 * Arguments: entries (default 100,000).
 */
public final class ArchiveBenchmark {

    private static final int ROWS_PER_INSERT = 1_000;

    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<Quote> quotes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            quotes.add(BackupFixtures.quote("binance", i % 2 == 0 ? "BTC" : "ETH", i));
        }
        double baseline = baseline(quotes);
        System.out.printf("baseline psql multi-row INSERT (%d rows/statement): %d rows in %.2f s = %.0f rows/s%n",
                ROWS_PER_INSERT, n, n / baseline, baseline);
        for (int batchSize : new int[] {500, 2_000}) {
            double[] run = archive(quotes, batchSize);
            System.out.printf("archiver batch %d: %d entries caught up in %.2f s = %.0f entries/s (%.0f%% of baseline)%n",
                    batchSize, n, run[0], run[1], 100 * run[1] / baseline);
        }
        System.exit(0);
    }

    /** Rows per second through psql. */
    private static double baseline(List<Quote> quotes) throws IOException, InterruptedException {
        try (BackupHarness harness = new BackupHarness()) {
            Path sql = Files.createTempFile("bench-backup", ".sql");
            StringBuilder out = new StringBuilder(quotes.size() * 300);
            String table = harness.schema.table("market_quotes");
            for (int i = 0; i < quotes.size(); i++) {
                if (i % ROWS_PER_INSERT == 0) {
                    if (i > 0) {
                        out.append(" ON CONFLICT DO NOTHING;\n");
                    }
                    out.append("INSERT INTO ").append(table).append(" (id, source, symbol, quote, price, change_24h_pct, "
                            + "volume_24h, market_cap, high_24h, low_24h, stale, consensus_sources, consensus_low, "
                            + "consensus_high, source_time, ingest_time, schema_version, traceparent, stream_id) VALUES\n");
                } else {
                    out.append(",\n");
                }
                out.append(row(quotes.get(i), "1-" + i));
            }
            out.append(" ON CONFLICT DO NOTHING;\n");
            Files.writeString(sql, out);
            var pg = harness.pg;
            long started = System.nanoTime();
            Process psql = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.endpoint().host(),
                    "-p", Integer.toString(pg.endpoint().port()), "-U", pg.user(), "-d", pg.database(), "-f", sql.toString())
                    .inheritIO().start();
            if (psql.waitFor() != 0) {
                throw new IllegalStateException("psql failed");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Files.delete(sql);
            if (harness.rows("market_quotes") != quotes.size()) {
                throw new IllegalStateException("baseline wrote " + harness.rows("market_quotes"));
            }
            return quotes.size() / seconds;
        }
    }

    /** Seconds to catch up, and entries per second. */
    private static double[] archive(List<Quote> quotes, int batchSize) throws Exception {
        try (BackupHarness harness = new BackupHarness()) {
            prefill(harness.marketData(), quotes);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            long started = System.nanoTime();
            harness.startArchiver(BackupHarness.properties("bench", batchSize, Duration.ofMinutes(10), 5), meters);
            var rows = meters.counter("tickstream.backup.rows.written", "table", harness.schema.table("market_quotes"));
            while (rows.count() < quotes.size() || harness.pending(harness.marketData()) > 0) {
                Thread.sleep(20);
                if (Duration.ofNanos(System.nanoTime() - started).toMinutes() > 10) {
                    throw new IllegalStateException("no catch-up within 10 minutes");
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (harness.distinctIds("market_quotes") != quotes.size() || harness.rows("market_quotes") != quotes.size()) {
                throw new IllegalStateException("archived " + harness.rows("market_quotes"));
            }
            return new double[] {seconds, quotes.size() / seconds};
        }
    }

    private static void prefill(String stream, List<Quote> quotes) {
        RedisClient client = RedisClient.create(TestRedis.endpoint().redisUri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.setAutoFlushCommands(false);
            List<RedisFuture<String>> pending = new ArrayList<>();
            for (Quote q : quotes) {
                pending.add(c.async().xadd(stream, StreamEntryCodec.encode(q)));
                if (pending.size() == 1_000) {
                    c.flushCommands();
                    LettuceFutures.awaitAll(30, TimeUnit.SECONDS, pending.toArray(RedisFuture[]::new));
                    pending.clear();
                }
            }
            c.flushCommands();
            LettuceFutures.awaitAll(30, TimeUnit.SECONDS, pending.toArray(RedisFuture[]::new));
        } finally {
            client.shutdown();
        }
    }

    private static String row(Quote q, String streamId) {
        Quote.Consensus c = q.consensus();
        return "(" + text(q.meta().id()) + "," + text(q.meta().source()) + "," + text(q.symbol()) + "," + text(q.quote())
                + "," + num(q.price()) + "," + num(q.change24hPct()) + "," + num(q.volume24h()) + "," + num(q.marketCap())
                + "," + num(q.high24h()) + "," + num(q.low24h()) + "," + q.stale()
                + "," + (c == null ? "NULL" : c.sources()) + "," + num(c == null ? null : c.low())
                + "," + num(c == null ? null : c.high())
                + ",timestamptz 'epoch' + " + q.meta().sourceTime() + " * interval '1 millisecond'"
                + ",timestamptz 'epoch' + " + q.meta().ingestTime() + " * interval '1 millisecond'"
                + "," + q.meta().version() + "," + text(q.meta().traceparent()) + "," + text(streamId) + ")";
    }

    private static String text(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String num(BigDecimal value) {
        return value == null ? "NULL" : Decimals.toWire(value);
    }
}
