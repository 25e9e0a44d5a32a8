package io.tickstream.streams.tail;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XReadArgs;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamIds;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every entry of a set of streams, without a consumer group: every instance sees everything
 * (the push service's fan-out, the query service's local state, the ingest control commands).
 *
 * <p>It reads with {@code XREAD BLOCK} on a connection of its own (a blocking read on the shared
 * connection would stall every other command). On a standalone Redis or Sentinel one loop reads every
 * stream in one XREAD; on a Redis Cluster one XREAD may name keys of one hash slot only, and a blocking
 * read cannot wait on several slots at once, so there is one loop per slot, each on its own connection
 * (the partitions of a stream have one slot each, {@link io.tickstream.common.stream.Partitions}). The
 * handler is called on the tail's own thread, one call at a time.
 *
 * <p>Where it starts is its {@link TailStart}. With an {@link TailOptions#epochKey() epoch key} (a
 * prefix), each loop keeps an epoch of its own in the key {@code <epochKey>:{<hash tag of its first
 * stream>}}, in its streams' slot (so on the same master): before every read it runs
 * {@code SET <key> <random> NX GET}; the stored value is the epoch, and a new value means the Redis that
 * holds those streams lost its data. The handler is told which streams begin a new epoch
 * ({@link TailHandler#onEpoch}) and those streams start over; the others keep their positions (on a
 * cluster, one master that comes back empty resets only its own partitions). Every
 * {@link TailOptions#restartCheckEvery()} each loop also looks for a stream whose newest id is before
 * its position (deleted and created again) and reads that one again from the beginning. Any failure
 * (Redis down or restarting, a failover, a read that hangs) is logged and the round retried after
 * {@link TailOptions#retryDelay()} from the same position: nothing is skipped.
 */
public final class StreamTail {

    private static final Logger log = LoggerFactory.getLogger(StreamTail.class);
    private static final Duration READ_GRACE = Duration.ofSeconds(5);

    private final RedisConnections redis;
    private final TailOptions options;
    private final TailHandler handler;
    private volatile Scheduler thread;
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    private final Map<String, String> epochs = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private volatile Disposable loops;
    private volatile List<Reader> readers = List.of();
    private Mono<Void> starting;

    public StreamTail(RedisConnections redis, TailOptions options, TailHandler handler) {
        this.redis = redis;
        this.options = options;
        this.handler = handler;
    }

    /** Starts the read loops; returns at once. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        thread = Schedulers.newSingle("tail-" + options.name(), true);
        List<Reader> all = readGroups().stream().map(Reader::new).toList();
        readers = all;
        Disposable.Composite running = Disposables.composite();
        for (Reader reader : all) {
            running.add(reader.run().subscribe());
        }
        loops = running;
    }

    /** Stops reading, closes the connections and ends the tail's thread. */
    public synchronized void stop() {
        Disposable running = loops;
        if (running != null) {
            running.dispose();
        }
        Scheduler current = thread;
        if (current != null) {
            current.dispose();
        }
    }

    public boolean isRunning() {
        Disposable running = loops;
        return running != null && !running.isDisposed();
    }

    /** True once the first start is done: the handler holds the streams' state. */
    public boolean ready() {
        return ready;
    }

    /**
     * The epoch of what the handler holds, per stream; empty before the first start. Without an epoch
     * key every stream's epoch is the empty string.
     */
    public Map<String, String> epochs() {
        return Map.copyOf(epochs);
    }

    /** The epoch of {@code stream}'s data ({@link #epochs()}); empty when unknown. */
    public String epoch(String stream) {
        return epochs.getOrDefault(stream, "");
    }

    /** Where the tail is, per stream (the id of the last entry handed over). */
    public Map<String, String> positions() {
        return Map.copyOf(cursors);
    }

    /** How many read loops (one XREAD each) this tail runs: 1, or one per hash slot on a cluster. */
    public int readLoops() {
        return readGroups().size();
    }

    private Collection<List<String>> readGroups() {
        if (!redis.cluster()) {
            return List.of(options.streams());
        }
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        options.streams().forEach(s -> bySlot.computeIfAbsent(RedisConnections.slot(s), k -> new ArrayList<>()).add(s));
        return bySlot.values();
    }

    /** The first start of every loop together (one call of the start positions), joined by every loop. */
    private synchronized Mono<Void> firstStart() {
        if (ready) {
            return Mono.empty();
        }
        if (starting == null) {
            List<Reader> all = readers;
            starting = Flux.fromIterable(all)
                    .concatMap(reader -> reader.currentEpoch().map(epoch -> Map.entry(reader, epoch)))
                    .collectList()
                    .flatMap(current -> startPositions(options.streams(), true).publishOn(thread).doOnNext(start -> {
                        for (Map.Entry<Reader, String> group : current) {
                            group.getKey().begin(group.getValue(), start, true);
                        }
                        ready = true;
                        log.info("tail {}: started at {}{}", options.name(), cursors,
                                options.epochKey() == null ? "" : " in epochs " + Set.copyOf(epochs.values()));
                    }))
                    .then()
                    .doOnError(e -> {
                        synchronized (this) {
                            starting = null;
                        }
                    })
                    .cache();
        }
        return starting;
    }

    /** Where {@code streams} start: history and positions. */
    private Mono<Start> startPositions(List<String> streams, boolean first) {
        return switch (options.start()) {
            case TailStart.Recent recent -> history(streams, recent.entries());
            case TailStart.At at -> at.positions().apply(first).defaultIfEmpty(Map.of())
                    .map(positions -> new Start(positions, List.of()));
        };
    }

    /** The last {@code entries} of each stream, oldest first, and the position after them. */
    private Mono<Start> history(List<String> streams, int entries) {
        return Flux.fromIterable(streams)
                .concatMap(stream -> redis.shared().flatMap(c -> c.xrevrange(stream, Range.create("-", "+"),
                                Limit.from(Math.max(1, entries))).map(StreamEntry::of)
                        .collectList()))
                .collectList()
                .map(perStream -> {
                    Map<String, String> positions = new LinkedHashMap<>();
                    List<StreamEntry> history = new ArrayList<>();
                    for (List<StreamEntry> newestFirst : perStream) {
                        if (newestFirst.isEmpty()) {
                            continue;
                        }
                        positions.put(newestFirst.getFirst().stream(), newestFirst.getFirst().id());
                        if (entries > 0) {
                            List<StreamEntry> oldestFirst = new ArrayList<>(newestFirst);
                            Collections.reverse(oldestFirst);
                            history.addAll(oldestFirst);
                        }
                    }
                    return new Start(positions, history);
                });
    }

    private record Start(Map<String, String> positions, List<StreamEntry> history) {
    }

    /** The loop of one group of streams that one XREAD may name together, with the epoch they share. */
    private final class Reader {

        private final List<String> streams;
        private final String epochKey;
        private String epoch;
        private RedisConnections.Link link;
        private long checkedAt = System.nanoTime();
        private int failures;

        Reader(List<String> streams) {
            this.streams = List.copyOf(streams);
            this.epochKey = options.epochKey() == null ? null : StreamKeys.inSlotOf(options.epochKey(), streams.getFirst());
        }

        Flux<Void> run() {
            return Mono.defer(this::round)
                    .onErrorResume(this::failed)
                    .repeat()
                    .doFinally(signal -> close());
        }

        private Mono<Void> round() {
            return firstStart().then(Mono.defer(this::sync)).then(Mono.defer(this::checkRestarts)).then(Mono.defer(this::read))
                    .doOnSuccess(ignored -> {
                        if (failures > 0) {
                            log.info("tail {}: reading {} again after {} failed rounds", options.name(), streams, failures);
                            failures = 0;
                        }
                    });
        }

        /** The epoch the Redis holding these streams has now (created when absent); empty without a key. */
        Mono<String> currentEpoch() {
            if (epochKey == null) {
                return Mono.just("");
            }
            return redis.shared().flatMap(c -> c.setGet(epochKey, UUID.randomUUID().toString(), SetArgs.Builder.nx())
                    .switchIfEmpty(Mono.defer(() -> c.get(epochKey))));
        }

        /** Starts these streams over when their epoch changed. */
        private Mono<Void> sync() {
            if (epochKey == null) {
                return Mono.empty();
            }
            return currentEpoch().flatMap(current -> current.equals(epoch) ? Mono.<Void>empty()
                    : startPositions(streams, false).publishOn(thread).doOnNext(start -> {
                        begin(current, start, false);
                        log.warn("tail {}: epoch of {} changed to {} (Redis lost their data): started them over at {}",
                                options.name(), streams, current, positionsOf(streams));
                    }).then());
        }

        /** On the tail's thread: the handler learns the epoch, gets the history, the cursors move. */
        void begin(String next, Start start, boolean first) {
            handler.onEpoch(streams, next, first);
            List<StreamEntry> mine = start.history().stream().filter(e -> streams.contains(e.stream())).toList();
            if (!mine.isEmpty()) {
                handler.onEntries(mine, false);
            }
            for (String stream : streams) {
                cursors.put(stream, start.positions().getOrDefault(stream, StreamIds.ZERO));
                epochs.put(stream, next);
            }
            epoch = next;
        }

        private Mono<Void> read() {
            @SuppressWarnings("unchecked")
            XReadArgs.StreamOffset<String>[] offsets = streams.stream()
                    .map(s -> XReadArgs.StreamOffset.from(s, cursors.getOrDefault(s, StreamIds.ZERO)))
                    .toArray(XReadArgs.StreamOffset[]::new);
            XReadArgs args = XReadArgs.Builder.block(options.block()).count(options.batchSize());
            return connection()
                    .flatMap(c -> c.commands().xread(args, offsets)
                            .map(StreamEntry::of)
                            .collectList()
                            .timeout(options.block().plus(READ_GRACE)))
                    .publishOn(thread)
                    .doOnNext(entries -> {
                        if (entries.isEmpty()) {
                            return;
                        }
                        for (StreamEntry entry : entries) {
                            cursors.put(entry.stream(), entry.id());
                        }
                        handler.onEntries(entries, true);
                    })
                    .then();
        }

        /** Streams whose newest id is before the position were created again: read them from the start. */
        private Mono<Void> checkRestarts() {
            if (System.nanoTime() - checkedAt < options.restartCheckEvery().toNanos()) {
                return Mono.empty();
            }
            checkedAt = System.nanoTime();
            return Flux.fromIterable(streams)
                    .concatMap(stream -> redis.shared().flatMap(c -> c.xrevrange(stream, Range.create("-", "+"), Limit.from(1))
                            .next()
                            .doOnNext(last -> {
                                String cursor = cursors.getOrDefault(stream, StreamIds.ZERO);
                                if (StreamIds.compare(last.getId(), cursor) < 0) {
                                    log.warn("tail {}: {} restarted (newest id {} is before {}): reading it from the beginning",
                                            options.name(), stream, last.getId(), cursor);
                                    cursors.put(stream, StreamIds.ZERO);
                                }
                            })))
                    .then();
        }

        private Mono<RedisConnections.Link> connection() {
            RedisConnections.Link current = link;
            if (current != null && current.connection().isOpen()) {
                return Mono.just(current);
            }
            close(); // never leave a closed-over link reconnecting behind
            return redis.dedicated().doOnNext(opened -> link = opened);
        }

        private Mono<Void> failed(Throwable error) {
            failures++;
            if (error instanceof java.util.concurrent.TimeoutException) {
                close(); // a read that hangs (silent partition): a new connection next round
            }
            if (failures <= 3 || failures % 10 == 0) {
                log.warn("tail {}: reading {} failed (#{}), retrying in {}: {}", options.name(), streams, failures,
                        options.retryDelay(), error.toString());
            }
            return Mono.delay(options.retryDelay()).then();
        }

        private void close() {
            RedisConnections.Link current = link;
            link = null;
            if (current != null) {
                current.close();
            }
        }
    }

    private Map<String, String> positionsOf(List<String> streams) {
        Map<String, String> positions = new LinkedHashMap<>();
        streams.forEach(s -> positions.put(s, cursors.getOrDefault(s, StreamIds.ZERO)));
        return positions;
    }
}
