package io.tickstream.ingest.poll;

import io.tickstream.common.stream.Partitions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.tickstream.ingest.RedisTemplates;
import io.tickstream.ingest.consensus.ConsensusProperties;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.health.PollOutcome;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.publish.PublishProperties;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.resilience.SourceGuard;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.binance.BinanceTicker;
import io.tickstream.ingest.validate.ObservationValidator;
import io.tickstream.ingest.validate.ValidationProperties;
import io.tickstream.testkit.TestKeys;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.tickstream.ingest.IngestFixtures.source;

/**
 * Throughput of the ingest pipeline after the HTTP call: decode a Binance {@code /ticker/24hr} answer
 * (JSON bytes, 1,000 tickers per poll, built before the clock starts), normalize, validate, build
 * events, encode with the codec and append through the append-if-newer script in batches, on the
 * service's one pipelined connection. {@value #LANES} sources poll at once, as in the service, each
 * with its own symbols. Prints entries/s beside the redis-benchmark baselines given as arguments.
 * Run by {@code ./tickstream bench}.
 */
public final class IngestPipelineBenchmark {

    private static final int TICKERS_PER_POLL = 1_000;
    private static final int LANES = 4;
    private static String redisPid = "";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        double baseline1 = args.length > 1 ? Double.parseDouble(args[1]) : Double.NaN;
        double baseline50 = args.length > 2 ? Double.parseDouble(args[2]) : Double.NaN;
        redisPid = args.length > 3 ? args[3] : "";
        int polls = Math.max(1, entries / TICKERS_PER_POLL);
        try (RedisTemplates redis = new RedisTemplates()) {
            String stream = TestKeys.unique("bench:market_data");
            try {
                run(redis, stream, polls, true); // warm-up, as long as a measured run: JIT, script cache
                deleteAll(redis, stream);
                Result plain = run(redis, stream, polls, false);
                deleteAll(redis, stream);
                Result withConsensus = run(redis, stream, polls, true);
                print("ingest pipeline (decode→validate→encode→XADD script, 64 in flight)", plain, baseline1, baseline50);
                print("same, plus a consensus quote per symbol per poll", withConsensus, baseline1, baseline50);
            } finally {
                deleteAll(redis, stream);
            }
        }
    }

    private static void deleteAll(RedisTemplates redis, String stream) {
        for (String key : io.tickstream.ingest.StreamReader.withPartitions(stream)) {
            redis.template().delete(key, PublishProperties.lastSeenKey(key)).block();
        }
    }

    private static Result run(RedisTemplates redis, String stream, int polls, boolean consensus) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Clock clock = Clock.systemUTC();
        PublishProperties streams = new PublishProperties(10_000_000, 10_000_000, "backup", 200, 8, stream, stream + ":d", stream + ":h", stream + ":c", 0, java.time.Duration.ofMillis(100), stream + ":t", stream + ":bars");
        StreamPublisher publisher = new StreamPublisher(redis.connections(), streams, Partitions.defaults(), meters);
        ConsensusPublisher consensusPublisher = new ConsensusPublisher(redis.template(), publisher, streams, Partitions.defaults(),
                new ConsensusProperties(consensus, Set.of("USD", "USDT"), "USD", Duration.ofMinutes(2)), clock);
        ObservationValidator validator = new ObservationValidator(new ValidationProperties(new BigDecimal("1E-12"),
                new BigDecimal("1E9"), BigDecimal.valueOf(50), Duration.ofMinutes(10), Duration.ofMinutes(2)), clock, meters);
        PollCollaborators with = new PollCollaborators(validator, publisher, consensusPublisher,
                new SourceHealthTracker(publisher, clock, meters), clock, meters, Tracer.NOOP);
        List<SourcePoll> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            ReplayedAnswers answers = new ReplayedAnswers("L" + lane + "C", clock.millis());
            lanes.add(new SourcePoll(answers, source("http://unused"), new SourceGuard("bench", source("x")), with));
        }
        long cpuBefore = processCpuNanos();
        long redisBefore = redisCpuNanos();
        long start = System.nanoTime();
        Flux.fromIterable(lanes)
                .flatMap(poll -> Flux.range(0, polls / LANES).concatMap(i -> poll.run()))
                .doOnNext(outcome -> {
                    if (outcome.kind() != PollOutcome.Kind.CLEAN) {
                        throw new IllegalStateException("a poll was not clean: " + outcome);
                    }
                })
                .blockLast();
        long elapsed = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuBefore;
        long redisCpu = redisCpuNanos() - redisBefore;
        long appended = 0;
        for (String partition : io.tickstream.ingest.StreamReader.withPartitions(stream)) {
            appended += redis.template().opsForStream().size(partition).block();
        }
        return new Result(appended, elapsed, cpu, redisCpu);
    }

    private static void print(String label, Result result, double baseline1, double baseline50) {
        double perSecond = result.entries() / (result.nanos() / 1e9);
        System.out.printf("%s: %,d entries in %.2f s = %,.0f entries/s (JVM CPU %.0f%% of one core)%n", label,
                result.entries(), result.nanos() / 1e9, perSecond, 100.0 * result.cpuNanos() / result.nanos());
        System.out.printf("  ratio to redis-benchmark 1 conn/P64: %.2f; to 50 conn/P16: %.2f%n",
                perSecond / baseline1, perSecond / baseline50);
        System.out.printf("  CPU per entry: JVM %.1f µs, redis-server %s%n", result.cpuNanos() / 1e3 / result.entries(),
                result.redisCpuNanos() < 0 ? "n/a" : "%.1f µs".formatted(result.redisCpuNanos() / 1e3 / result.entries()));
    }

    /** redis-server's user+system CPU from /proc (clock ticks of 10 ms), or -1 when unknown. */
    private static long redisCpuNanos() {
        if (redisPid.isBlank()) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", redisPid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private record Result(long entries, long nanos, long cpuNanos, long redisCpuNanos) {
    }

    /**
     * Serves a Binance answer built once, as bytes, with each poll's {@code closeTime} written into
     * a copy (one millisecond newer per poll); decoded for real on every poll.
     */
    private static final class ReplayedAnswers implements MarketSource {
        private static final String TIME_MARK = "9999999999999";

        private final String prefix;
        private final long firstCloseTime;
        private final byte[] template;
        private final int[] timeOffsets;
        private int poll;

        ReplayedAnswers(String prefix, long firstCloseTime) {
            this.prefix = prefix;
            this.firstCloseTime = firstCloseTime;
            String json = answer(prefix);
            this.template = json.getBytes(StandardCharsets.US_ASCII);
            this.timeOffsets = new int[TICKERS_PER_POLL];
            for (int i = 0, from = 0; i < TICKERS_PER_POLL; i++) {
                timeOffsets[i] = json.indexOf(TIME_MARK, from);
                from = timeOffsets[i] + TIME_MARK.length();
            }
        }

        @Override
        public String name() {
            return "binance";
        }

        @Override
        public Mono<SourceSnapshot> fetch() {
            byte[] body = template.clone();
            byte[] time = Long.toString(firstCloseTime + poll++).getBytes(StandardCharsets.US_ASCII);
            for (int offset : timeOffsets) {
                System.arraycopy(time, 0, body, offset, time.length);
            }
            return Mono.fromCallable(() -> {
                JsonNode answer = JSON.readTree(body);
                List<QuoteObservation> quotes = new ArrayList<>(TICKERS_PER_POLL);
                int i = 0;
                for (JsonNode ticker : answer) {
                    quotes.add(BinanceTicker.read(ticker, prefix + i++, "USDT", firstCloseTime));
                }
                return SourceSnapshot.ofQuotes(quotes, List.of());
            });
        }

        private static String answer(String prefix) {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < TICKERS_PER_POLL; i++) {
                json.append(i == 0 ? "" : ",").append("""
                        {"symbol":"%s%dUSDT","priceChange":"-120.50000000","priceChangePercent":"-0.178",\
                        "weightedAvgPrice":"67350.12000000","lastPrice":"%d.%02d000000","lastQty":"0.00100000",\
                        "openPrice":"67500.00000000","highPrice":"68000.10000000","lowPrice":"66000.20000000",\
                        "volume":"18000.12345000","quoteVolume":"1212345678.12000000","openTime":1,\
                        "closeTime":%s,"firstId":1,"lastId":2,"count":100000}""".formatted(
                        prefix, i, 60_000 + i, i % 100, TIME_MARK));
            }
            return json.append(']').toString();
        }
    }
}
