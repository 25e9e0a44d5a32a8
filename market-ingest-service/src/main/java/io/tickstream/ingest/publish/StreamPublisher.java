package io.tickstream.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamEntryCodec;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.script.LuaScript;
import io.tickstream.streams.script.ScriptArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuple2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends events to their streams through the codec, atomically with a duplicate check: an event
 * whose series (source, symbol, quote currency) already has an entry at the same or a later source
 * time is not appended again (see {@code scripts/append-if-newer.lua}). A quote goes to its symbol's
 * partition of the quote stream ({@link Partitions}), so one script call names keys of one hash slot
 * only (the stream and its last-seen board). Events go in batches of up to
 * {@code batchSize} per script call, one stream per call, streams and batches in flight concurrently on the
 * shared pipelined connection (a stream's batches one after the other when a series appears more than once: a series is ordered). After each batch the stream's caps apply (see {@link PublishProperties}):
 * archived entries beyond the soft cap are trimmed, unarchived ones only beyond the hard cap, loudly.
 */
@Component
public class StreamPublisher {

    private static final Logger log = LoggerFactory.getLogger(StreamPublisher.class);

    private final RedisConnections redis;
    private final LuaScript script;
    private final PublishProperties properties;
    private final Partitions partitions;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public StreamPublisher(RedisConnections redis, PublishProperties properties, Partitions partitions,
                           MeterRegistry meters) {
        this.redis = redis;
        this.script = LuaScript.fromClasspath(redis, "scripts/append-if-newer.lua");
        this.properties = properties;
        this.partitions = partitions;
        this.meters = meters;
    }

    /** Appends {@code event}; the new entry id, or empty when it is a duplicate. */
    public Mono<String> publish(MarketEvent event) {
        return publishAll(List.of(event)).next();
    }

    /** Appends {@code events} in order per stream; emits the ids of those appended (duplicates skipped). */
    public Flux<String> publishAll(List<? extends MarketEvent> events) {
        return publishAll(events, true);
    }

    /**
     * Appends trades that fill a gap below what their series has already seen (a resynchronization over
     * REST), without the duplicate check: the caller sends only ids missing from the stream, and the
     * archive's unique key stops any repeat a race could cause.
     */
    public Flux<String> publishUnchecked(List<? extends MarketEvent> events) {
        return publishAll(events, false);
    }

    private Flux<String> publishAll(List<? extends MarketEvent> events, boolean checked) {
        Map<String, List<MarketEvent>> byStream = new LinkedHashMap<>();
        for (MarketEvent event : events) {
            byStream.computeIfAbsent(properties.streamFor(event, partitions), k -> new ArrayList<>()).add(event);
        }
        // streams are appended concurrently; within a stream, batches go concurrently too unless a series appears
        // more than once (trades, a backfill's bars): a series is ordered by source time or trade id, so a later
        // batch landing first would make the earlier one look like repeats. Those batches go one after the other.
        return Flux.fromIterable(byStream.entrySet())
                .flatMapSequential(entry -> Flux.fromIterable(entry.getValue())
                        .buffer(properties.batchSize())
                        .flatMapSequential(batch -> Flux.defer(() -> append(entry.getKey(), batch, checked))
                                .subscribeOn(Schedulers.parallel()),
                                seriesRepeat(entry.getValue()) ? 1 : properties.concurrency()),
                        properties.concurrency());
    }

    private Flux<String> append(String stream, List<MarketEvent> batch, boolean checked) {
        // encoded here, on the parallel scheduler, not by Lettuce on its one event-loop thread (ScriptArguments)
        ScriptArguments args = new ScriptArguments(64 + batch.size() * 512);
        args.add(properties.maxLength());
        args.add(properties.hardMaxLength());
        args.add(properties.archiveGroup());
        for (MarketEvent event : batch) {
            Map<String, String> fields = StreamEntryCodec.encode(event);
            args.add(series(event));
            args.add(checked ? order(event) : "");
            args.add(event instanceof Quote q ? q.price().toPlainString() : "");
            args.add(fields.size() * 2);
            fields.forEach((name, value) -> {
                args.add(name);
                args.add(value);
            });
        }
        String[] keys = {stream, PublishProperties.lastSeenKey(stream)};
        Flux<String> reply = properties.waitReplicas() == 0 ? script.run(keys, args)
                : redis.masterOf(stream).flatMapMany(master -> script.run(master, keys, args).collectList()
                        .flatMapMany(results -> replicated(master, stream).thenMany(Flux.fromIterable(results))));
        return reply
                .index()
                .filter(result -> {
                    if (result.getT1() == batch.size()) {
                        guardDropped(stream, Long.parseLong(result.getT2()));
                        return false;
                    }
                    boolean appended = !result.getT2().isEmpty();
                    counter(appended ? "tickstream.ingest.published" : "tickstream.ingest.duplicates", stream).increment();
                    return appended;
                })
                .map(Tuple2::getT2);
    }

    /** WAIT for {@code waitReplicas} on the connection that appended; a short count is counted and logged. */
    private Mono<Long> replicated(RedisClusterReactiveCommands<String, String> master, String stream) {
        return master.waitForReplication(properties.waitReplicas(), properties.waitTimeout().toMillis())
                .doOnNext(acknowledged -> {
                    if (acknowledged < properties.waitReplicas()) {
                        Counter shortCount = counter("tickstream.ingest.replication.short", stream);
                        shortCount.increment();
                        if (shortCount.count() == 1 || (long) shortCount.count() % 100 == 0) {
                            log.warn("{}: an append batch reached {} of {} replicas within {} ({} times so far)", stream,
                                    acknowledged, properties.waitReplicas(), properties.waitTimeout(), (long) shortCount.count());
                        }
                    }
                });
    }

    private void guardDropped(String stream, long dropped) {
        if (dropped > 0) {
            counter("tickstream.ingest.stream.guard.dropped", stream).increment(dropped);
            log.error("{} passed its hard cap of {} entries: {} entries the {} group had not committed were dropped",
                    stream, properties.hardMaxLength(), dropped, properties.archiveGroup());
        }
    }

    private static boolean seriesRepeat(List<MarketEvent> events) {
        if (events.size() < 2) {
            return false;
        }
        java.util.Set<String> seen = new java.util.HashSet<>(events.size() * 2);
        for (MarketEvent event : events) {
            if (!seen.add(series(event))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What orders an event within its series for the duplicate check: the source time, for a trade its
     * numeric trade id (many trades share a millisecond); empty (appended unchecked) for a trade whose id is no
     * number.
     */
    private static String order(MarketEvent event) {
        if (event instanceof Trade t) {
            long id = t.numericTradeId();
            return id < 0 ? "" : Long.toString(id);
        }
        return Long.toString(event.meta().sourceTime());
    }

    /** The series of an event: its idempotency key without the source time. */
    static String series(MarketEvent event) {
        String source = event.meta().source();
        return switch (event) {
            case Quote q -> "quote:" + source + ":" + q.symbol() + ":" + q.quote();
            case MarketSummary s -> "summary:" + source;
            case SourceHealthChanged h -> "health:" + source;
            case Trade t -> "trade:" + source + ":" + t.symbol() + ":" + t.quote();
            case Bar b -> "bar:" + source + ":" + b.symbol() + ":" + b.quote() + ":" + b.interval();
        };
    }

    private Counter counter(String name, String stream) {
        return counters.computeIfAbsent(name + stream, k -> meters.counter(name, "stream", stream));
    }
}
