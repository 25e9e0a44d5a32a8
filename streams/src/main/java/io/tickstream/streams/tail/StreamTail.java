package io.tickstream.streams.tail;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XReadArgs;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads every entry of a set of streams, without a consumer group: every instance sees everything
 * (the push service's fan-out, the query service's local state, the ingest control commands).
 *
 * <p>It reads with {@code XREAD BLOCK} on a connection of its own (a blocking read on the shared
 * connection would stall every other command); on a Redis Cluster, streams in different slots are read
 * by separate loops, each on its own connection, since one XREAD may name keys of one slot only. The
 * handler is called on the tail's own thread, one call at a time.
 *
 * <p>Where it starts is its {@link TailStart}. With an {@link TailOptions#epochKey() epoch key}, before
 * every read it runs {@code SET <epochKey> <random> NX GET}: the stored value is the epoch, and a new
 * value means Redis lost its data; the handler is told ({@link TailHandler#onEpoch}) and the tail starts
 * over. Every {@link TailOptions#restartCheckEvery()} it also looks for a stream whose newest id is
 * before its position (deleted and created again) and reads that one again from the beginning. Any
 * failure (Redis down or restarting, a read that hangs) is logged and the round retried after
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
    /** Grows at every (re)start: a read begun before one is dropped, the restart read it again. */
    private final AtomicLong generation = new AtomicLong();
    private volatile String epoch = "";
    private volatile boolean ready;
    private volatile Disposable loops;
    private Mono<Void> restarting;
    private String restartingEpoch;

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
        Disposable.Composite all = Disposables.composite();
        for (List<String> streams : readGroups()) {
            all.add(new Reader(streams).run().subscribe());
        }
        loops = all;
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

    /** The epoch of what the handler holds; empty before the first start, or without an epoch key. */
    public String epoch() {
        return epoch;
    }

    /** Where the tail is, per stream (the id of the last entry handed over). */
    public Map<String, String> positions() {
        return Map.copyOf(cursors);
    }

    private Collection<List<String>> readGroups() {
        if (!redis.cluster()) {
            return List.of(options.streams());
        }
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        options.streams().forEach(s -> bySlot.computeIfAbsent(RedisConnections.slot(s), k -> new ArrayList<>()).add(s));
        return bySlot.values();
    }

    /** Joins or begins the (re)start for the epoch Redis holds now, when it is not the one held. */
    private Mono<Void> sync() {
        return currentEpoch().flatMap(current -> ready && current.equals(epoch) ? Mono.empty() : restartOnce(current));
    }

    private Mono<String> currentEpoch() {
        if (options.epochKey() == null) {
            return Mono.just("");
        }
        return redis.shared().flatMap(c -> c.setGet(options.epochKey(), UUID.randomUUID().toString(), SetArgs.Builder.nx())
                .switchIfEmpty(Mono.defer(() -> c.get(options.epochKey()))));
    }

    private synchronized Mono<Void> restartOnce(String next) {
        if (restarting != null && next.equals(restartingEpoch)) {
            return restarting;
        }
        restartingEpoch = next;
        restarting = restart(next)
                .doOnError(e -> {
                    synchronized (this) {
                        restarting = null;
                    }
                })
                .cache();
        return restarting;
    }

    private Mono<Void> restart(String next) {
        boolean first = !ready;
        Mono<Start> start = switch (options.start()) {
            case TailStart.Recent recent -> history(recent.entries());
            case TailStart.At at -> at.positions().apply(first).defaultIfEmpty(Map.of())
                    .map(positions -> new Start(positions, List.of()));
        };
        return start.publishOn(thread).doOnNext(s -> {
            generation.incrementAndGet();
            handler.onEpoch(next, first);
            if (!s.history().isEmpty()) {
                handler.onEntries(s.history(), false);
            }
            for (String stream : options.streams()) {
                cursors.put(stream, s.positions().getOrDefault(stream, StreamIds.ZERO));
            }
            epoch = next;
            ready = true;
            if (first) {
                log.info("tail {}: started{} at {}", options.name(), next.isEmpty() ? "" : " in epoch " + next, cursors);
            } else {
                log.warn("tail {}: epoch changed to {} (Redis lost its data): started over at {}", options.name(), next, cursors);
            }
        }).then();
    }

    /** The last {@code entries} of each stream, oldest first, and the position after them. */
    private Mono<Start> history(int entries) {
        return Flux.fromIterable(options.streams())
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

    /** The loop of one group of streams that one XREAD may name together. */
    private final class Reader {

        private final List<String> streams;
        private RedisConnections.Link link;
        private long checkedAt = System.nanoTime();
        private int failures;

        Reader(List<String> streams) {
            this.streams = streams;
        }

        Flux<Void> run() {
            return Mono.defer(this::round)
                    .onErrorResume(this::failed)
                    .repeat()
                    .doFinally(signal -> close());
        }

        private Mono<Void> round() {
            return sync().then(Mono.defer(this::checkRestarts)).then(Mono.defer(this::read))
                    .doOnSuccess(ignored -> {
                        if (failures > 0) {
                            log.info("tail {}: reading {} again after {} failed rounds", options.name(), streams, failures);
                            failures = 0;
                        }
                    });
        }

        private Mono<Void> read() {
            long readGeneration = generation.get();
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
                        if (entries.isEmpty() || generation.get() != readGeneration) {
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
}
