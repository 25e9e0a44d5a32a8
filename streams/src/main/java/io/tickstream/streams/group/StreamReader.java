package io.tickstream.streams.group;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisException;
import io.lettuce.core.XReadArgs;
import io.tickstream.streams.RedisErrors;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * The read loop of one group member on one stream, on a connection of its own (it blocks in
 * XREADGROUP for up to {@link GroupOptions#block()}).
 *
 * <p>It first reads its own pending entries (id {@code 0}: what this consumer name was given before a
 * crash or restart and never acknowledged), then new ones ({@code >}). It goes back to its pending
 * entries after any failed round (they include the batch that failed) and, after
 * {@link GroupOptions#redeliveryDelay()}, when a batch left entries pending.
 *
 * <p>No error ends the loop: {@code NOGROUP} recreates the group at once; anything else (Redis or the
 * handler's store down, a timeout) waits an exponential backoff and retries the same entries, which stay
 * unacknowledged. A read that outlives its block by far (a silent network partition) is abandoned and
 * its connection replaced.
 */
final class StreamReader {

    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
    private static final String OWN_PENDING = "0";
    private static final Duration READ_GRACE = Duration.ofSeconds(5);

    private final String stream;
    private final Consumer<String> consumer;
    private final GroupOptions options;
    private final RedisConnections redis;
    private final BatchRunner runner;
    private final GroupCreator groups;
    private final GroupMetrics metrics;
    private final BatchHandler handler;

    private volatile boolean running = true;
    /** Where the next pending read starts; null reads new entries. Touched by the loop only. */
    private String pendingCursor = OWN_PENDING;
    private long pendingRetryAt = Long.MAX_VALUE;
    private int failures;
    private RedisConnections.Link link;

    StreamReader(String stream, GroupOptions options, RedisConnections redis, BatchRunner runner, GroupCreator groups,
                 GroupMetrics metrics, BatchHandler handler) {
        this.stream = stream;
        this.consumer = Consumer.from(options.group(), options.consumer());
        this.options = options;
        this.redis = redis;
        this.runner = runner;
        this.groups = groups;
        this.metrics = metrics;
        this.handler = handler;
    }

    /** Runs until {@link #finish()}; completes after the batch in hand is done. */
    Mono<Void> run() {
        return groups.ensure(stream).onErrorResume(e -> Mono.empty())
                .then(Mono.defer(this::round).repeat(() -> running).then())
                .doFinally(signal -> closeLink());
    }

    /** Asks the loop to stop after the current round. */
    void finish() {
        running = false;
    }

    private Mono<Void> round() {
        if (pendingCursor == null && System.nanoTime() - pendingRetryAt >= 0) {
            pendingCursor = OWN_PENDING;
            pendingRetryAt = Long.MAX_VALUE;
        }
        String cursor = pendingCursor;
        return connection()
                .flatMap(reader -> read(reader, cursor))
                .flatMap(batch -> handle(batch, cursor))
                .doOnSuccess(ignored -> {
                    if (failures > 0) {
                        log.info("group '{}' on {} works again after {} failed rounds", options.group(), stream, failures);
                        failures = 0;
                    }
                })
                .onErrorResume(this::recover);
    }

    private Mono<RedisConnections.Link> connection() {
        RedisConnections.Link current = link;
        if (current != null && current.connection().isOpen()) {
            return Mono.just(current);
        }
        closeLink();
        return redis.dedicated()
                .doOnNext(opened -> link = opened);
    }

    private Mono<List<StreamEntry>> read(RedisConnections.Link reader, String cursor) {
        if (cursor == null) {
            return reader.commands().xreadgroup(consumer,
                            XReadArgs.Builder.count(options.batchSize()).block(options.block()),
                            XReadArgs.StreamOffset.lastConsumed(stream))
                    .map(StreamEntry::of).collectList()
                    .timeout(options.block().plus(READ_GRACE))
                    .doOnError(java.util.concurrent.TimeoutException.class, e -> closeLink());
        }
        return reader.commands().xreadgroup(consumer, XReadArgs.Builder.count(options.batchSize()),
                        XReadArgs.StreamOffset.from(stream, cursor))
                .map(StreamEntry::of).collectList()
                .timeout(READ_GRACE)
                .doOnError(java.util.concurrent.TimeoutException.class, e -> closeLink());
    }

    private Mono<Void> handle(List<StreamEntry> batch, String cursor) {
        if (batch.isEmpty()) {
            if (cursor != null) {
                pendingCursor = null; // own pending entries done: on to new ones
            }
            return Mono.empty();
        }
        if (cursor != null) {
            pendingCursor = batch.getLast().id();
        }
        return runner.run(stream, batch).doOnNext(leftPending -> {
            if (leftPending > 0 && pendingRetryAt == Long.MAX_VALUE) {
                pendingRetryAt = System.nanoTime() + options.redeliveryDelay().toNanos();
            }
        }).then();
    }

    private Mono<Void> recover(Throwable error) {
        pendingCursor = OWN_PENDING;
        if (RedisErrors.isNoGroup(error)) {
            metrics.error(stream, "nogroup");
            log.warn("consumer group '{}' on {} is gone (Redis lost its data?); recreating it", options.group(), stream);
            return groups.ensure(stream).onErrorResume(e -> backoff(e, "redis"));
        }
        boolean redisError = error instanceof RedisException || error instanceof java.util.concurrent.TimeoutException
                && link == null;
        return backoff(error, redisError ? "redis" : handler.errorKind(error));
    }

    private Mono<Void> backoff(Throwable error, String kind) {
        metrics.error(stream, kind);
        failures++;
        long factor = 1L << Math.min(failures - 1, 20);
        Duration pause = options.backoffMin().multipliedBy(factor);
        if (pause.compareTo(options.backoffMax()) > 0) {
            pause = options.backoffMax();
        }
        // an outage repeats the same line: the first few and then every tenth are enough
        if (failures <= 3 || failures % 10 == 0) {
            log.warn("group '{}' on {} failed a round ({} #{}), nothing acknowledged; retrying in {}: {}",
                    options.group(), stream, kind, failures, pause, error.toString());
        }
        return Mono.delay(pause).then();
    }

    private void closeLink() {
        RedisConnections.Link current = link;
        link = null;
        if (current != null) {
            current.close();
        }
    }
}
