package io.tickstream.backup.archive;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.tickstream.backup.redis.StreamConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.List;

/**
 * The read loop of one consumer on one stream, on a Redis connection of its own (it blocks in
 * XREADGROUP for up to {@link ArchiveProperties#batchWait()}).
 *
 * <p>It first reads its own pending entries (id {@code 0}: what this consumer name was given before a
 * crash or restart and never acknowledged), then new ones ({@code >}). It goes back to its pending
 * entries after any failed round (they include the batch that failed) and, after
 * {@link ArchiveProperties#redeliveryDelay()}, when a batch left rejected entries pending.
 *
 * <p>No error ends the loop (a spring-data {@code StreamMessageListenerContainer} would cancel its
 * subscription on the first one): {@code NOGROUP} recreates the group at once; anything else (Redis or
 * PostgreSQL down, a timeout) waits an exponential backoff from {@link ArchiveProperties#backoffMin()}
 * to {@link ArchiveProperties#backoffMax()} and retries the same entries, which stay unacknowledged.
 */
final class StreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(StreamConsumer.class);
    private static final String OWN_PENDING = "0";

    private final String stream;
    private final Consumer<String> consumer;
    private final ArchiveProperties properties;
    private final StreamConnections redis;
    private final BatchArchiver archiver;
    private final ConsumerGroups groups;
    private final ArchiveMetrics metrics;

    private volatile boolean running = true;
    /** Where the next pending read starts; null reads new entries. Touched by the loop only. */
    private String pendingCursor = OWN_PENDING;
    private long pendingRetryAt = Long.MAX_VALUE;
    private int failures;

    StreamConsumer(String stream, String consumerName, ArchiveProperties properties, StreamConnections redis,
                   BatchArchiver archiver, ConsumerGroups groups, ArchiveMetrics metrics) {
        this.stream = stream;
        this.consumer = Consumer.from(properties.group(), consumerName);
        this.properties = properties;
        this.redis = redis;
        this.archiver = archiver;
        this.groups = groups;
        this.metrics = metrics;
    }

    /** Runs until {@link #finish()}; completes after the batch in hand is done. */
    Mono<Void> run() {
        return Mono.usingWhen(
                redis.open().retryWhen(Retry.backoff(Long.MAX_VALUE, properties.backoffMin())
                        .maxBackoff(properties.backoffMax())
                        .doBeforeRetry(s -> log.warn("cannot connect to Redis for {}: {}", stream, s.failure().toString()))),
                connection -> groups.ensure(stream).onErrorResume(e -> Mono.empty())
                        .then(Mono.defer(() -> round(connection.reactive())).repeat(() -> running).then()),
                connection -> Mono.fromCompletionStage(connection.closeAsync()));
    }

    /** Asks the loop to stop after the current round. */
    void finish() {
        running = false;
    }

    private Mono<Void> round(RedisReactiveCommands<String, String> reader) {
        if (pendingCursor == null && System.nanoTime() - pendingRetryAt >= 0) {
            pendingCursor = OWN_PENDING;
            pendingRetryAt = Long.MAX_VALUE;
        }
        String cursor = pendingCursor;
        return read(reader, cursor).collectList()
                .flatMap(batch -> handle(batch, cursor))
                .doOnSuccess(ignored -> {
                    if (failures > 0) {
                        log.info("archiving {} works again after {} failed attempts", stream, failures);
                        failures = 0;
                    }
                })
                .then()
                .onErrorResume(this::recover);
    }

    private Flux<StreamMessage<String, String>> read(RedisReactiveCommands<String, String> reader, String cursor) {
        if (cursor == null) {
            return reader.xreadgroup(consumer,
                    XReadArgs.Builder.count(properties.batchSize()).block(properties.batchWait()),
                    XReadArgs.StreamOffset.lastConsumed(stream));
        }
        return reader.xreadgroup(consumer, XReadArgs.Builder.count(properties.batchSize()),
                XReadArgs.StreamOffset.from(stream, cursor));
    }

    private Mono<BatchArchiver.Outcome> handle(List<StreamMessage<String, String>> batch, String cursor) {
        if (batch.isEmpty()) {
            if (cursor != null) {
                pendingCursor = null; // own pending entries done: on to new ones
            }
            return Mono.empty();
        }
        if (cursor != null) {
            pendingCursor = batch.getLast().getId();
        }
        return archiver.archive(stream, batch).doOnNext(outcome -> {
            if (outcome.leftPending() > 0 && pendingRetryAt == Long.MAX_VALUE) {
                pendingRetryAt = System.nanoTime() + properties.redeliveryDelay().toNanos();
            }
        });
    }

    private Mono<Void> recover(Throwable error) {
        pendingCursor = OWN_PENDING;
        if (ConsumerGroups.isNoGroup(error)) {
            metrics.error(stream, "nogroup");
            log.warn("consumer group '{}' on {} is gone (Redis lost its data?); recreating it", consumer.getGroup(), stream);
            return groups.ensure(stream).onErrorResume(e -> backoff(e, "redis"));
        }
        return backoff(error, error instanceof RedisException ? "redis" : "postgres");
    }

    private Mono<Void> backoff(Throwable error, String kind) {
        metrics.error(stream, kind);
        failures++;
        long factor = 1L << Math.min(failures - 1, 20);
        Duration pause = properties.backoffMin().multipliedBy(factor);
        if (pause.compareTo(properties.backoffMax()) > 0) {
            pause = properties.backoffMax();
        }
        // an outage repeats the same line: the first few and then every tenth are enough
        if (failures <= 3 || failures % 10 == 0) {
            log.warn("archiving {} failed ({} #{}), nothing acknowledged; retrying in {}: {}",
                    stream, kind, failures, pause, error.toString());
        }
        return Mono.delay(pause).then();
    }
}
