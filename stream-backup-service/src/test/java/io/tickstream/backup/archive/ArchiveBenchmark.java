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
 *   <li>references through {@code psql}, each into a fresh archive schema: the same quotes by {@code COPY ... FROM
 *       STDIN} ({@code \copy}, the target of issue 23), and as multi-row {@code INSERT ... ON CONFLICT DO NOTHING}
 *       statements (1,000 rows each);</li>
 *   <li>the writer alone ({@link ArchiveWriter}, decoded entries given, one batch after the other): the bound-array
 *       insert against COPY through the staging table, alternated, at two batch sizes;</li>
 *   <li>the archiver catching up a pre-filled stream of N entries from start (group creation,
 *       partitions) until every entry is committed and acknowledged, at two batch sizes, COPY and
 *       insert.</li>
 * </ol>
 * Unlike psql's rows, the writer's also update the 1-minute candles in the same statement.
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
        double copyReference = psqlCopy(quotes);
        System.out.printf("reference psql COPY: %d rows in %.2f s = %.0f rows/s%n", n, n / copyReference, copyReference);
        double baseline = baseline(quotes);
        System.out.printf("baseline psql multi-row INSERT (%d rows/statement): %d rows in %.2f s = %.0f rows/s%n",
                ROWS_PER_INSERT, n, n / baseline, baseline);
        List<DecodedEntry> decoded = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            decoded.add(new DecodedEntry("1-" + i, quotes.get(i)));
        }
        for (int round = 1; round <= 2; round++) {
            for (int batchSize : new int[] {500, 2_000}) {
                for (int copyMinRows : new int[] {0, 1}) {
                    double rate = writeAll(decoded, batchSize, copyMinRows);
                    System.out.printf("writer %s batch %d (round %d): %.0f rows/s = %.2f of psql COPY, %.2f of psql INSERT%n",
                            copyMinRows == 0 ? "insert" : "COPY  ", batchSize, round, rate, rate / copyReference,
                            rate / baseline);
                }
            }
        }
        for (int batchSize : new int[] {500, 2_000}) {
            for (int copyMinRows : new int[] {1, 0}) {
                double[] run = archive(quotes, batchSize, copyMinRows);
                System.out.printf("archiver %s batch %d: %d entries caught up in %.2f s = %.0f entries/s "
                                + "(%.2f of psql COPY, %.0f%% of psql INSERT)%n", copyMinRows == 0 ? "insert" : "COPY  ",
                        batchSize, n, run[0], run[1], run[1] / copyReference, 100 * run[1] / baseline);
            }
        }
        System.exit(0);
    }

    /** Rows per second of the writer alone, batch after batch, into a fresh schema. */
    private static double writeAll(List<DecodedEntry> rows, int batchSize, int copyMinRows) {
        try (BackupHarness harness = new BackupHarness()) {
            ArchiveWriter writer = harness.writer(copyMinRows);
            writer.write(rows.subList(0, 1)).block(); // connection, staging table, statement plans
            long started = System.nanoTime();
            for (int from = 1; from < rows.size(); from += batchSize) {
                writer.write(rows.subList(from, Math.min(rows.size(), from + batchSize))).block();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (harness.rows("market_quotes") != rows.size()) {
                throw new IllegalStateException("the writer wrote " + harness.rows("market_quotes"));
            }
            return (rows.size() - 1) / seconds;
        }
    }

    /** Rows per second of psql's COPY of the same quotes (text format, as the staging COPY sends them). */
    private static double psqlCopy(List<Quote> quotes) throws IOException, InterruptedException {
        try (BackupHarness harness = new BackupHarness()) {
            Path data = Files.createTempFile("bench-backup", ".copy");
            StringBuilder out = new StringBuilder(quotes.size() * 300);
            for (int i = 0; i < quotes.size(); i++) {
                out.append(copyRow(quotes.get(i), "1-" + i)).append('\n');
            }
            Files.writeString(data, out);
            var pg = harness.pg;
            long started = System.nanoTime();
            Process psql = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.endpoint().host(),
                    "-p", Integer.toString(pg.endpoint().port()), "-U", pg.user(), "-d", pg.database(), "-c",
                    "\\copy " + harness.schema.table("market_quotes") + " (" + COLUMNS + ") FROM '" + data + "'")
                    .inheritIO().start();
            if (psql.waitFor() != 0) {
                throw new IllegalStateException("psql failed");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Files.delete(data);
            if (harness.rows("market_quotes") != quotes.size()) {
                throw new IllegalStateException("psql COPY wrote " + harness.rows("market_quotes"));
            }
            return quotes.size() / seconds;
        }
    }

    private static final String COLUMNS = "id, source, symbol, quote, price, change_24h_pct, volume_24h, market_cap, "
            + "high_24h, low_24h, stale, consensus_sources, consensus_low, consensus_high, source_time, ingest_time, "
            + "schema_version, traceparent, stream_id";

    private static String copyRow(Quote q, String streamId) {
        Quote.Consensus c = q.consensus();
        return String.join("\t", q.meta().id(), q.meta().source(), q.symbol(), q.quote(), copyNum(q.price()),
                copyNum(q.change24hPct()), copyNum(q.volume24h()), copyNum(q.marketCap()), copyNum(q.high24h()),
                copyNum(q.low24h()), q.stale() ? "t" : "f", c == null ? "\\N" : Integer.toString(c.sources()),
                copyNum(c == null ? null : c.low()), copyNum(c == null ? null : c.high()),
                java.time.Instant.ofEpochMilli(q.meta().sourceTime()).toString(),
                java.time.Instant.ofEpochMilli(q.meta().ingestTime()).toString(), Integer.toString(q.meta().version()),
                q.meta().traceparent(), streamId);
    }

    private static String copyNum(BigDecimal value) {
        return value == null ? "\\N" : Decimals.toWire(value);
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
    private static double[] archive(List<Quote> quotes, int batchSize, int copyMinRows) throws Exception {
        try (BackupHarness harness = new BackupHarness()) {
            prefill(harness.marketData(), quotes);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            long started = System.nanoTime();
            harness.startArchiver(BackupHarness.properties("bench", batchSize, Duration.ofMinutes(10), 5, copyMinRows), meters);
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
