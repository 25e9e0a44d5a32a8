package io.tickstream.streams.group;

import io.lettuce.core.Consumer;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.tickstream.streams.RedisErrors;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.StreamIds;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The periodic pass of a group member over each stream: takes over entries another member (a crashed
 * or replaced instance) was given but never acknowledged, once idle for {@link GroupOptions#claimMinIdle()}
 * (XAUTOCLAIM, page by page, each page run like a normal batch); removes members with nothing pending
 * that have been idle for {@link GroupOptions#forgetConsumersAfter()}; samples the pending and lag
 * gauges. Entries this member is still working on are never idle that long: its loop re-reads them on
 * every retry, which resets their idle time. Never fails (errors are logged).
 */
final class PendingReclaimer {

    private static final Logger log = LoggerFactory.getLogger(PendingReclaimer.class);
    private static final int MAX_PAGES_PER_ROUND = 20;

    private final Consumer<String> consumer;
    private final GroupOptions options;
    private final RedisConnections redis;
    private final BatchRunner runner;
    private final GroupMetrics metrics;

    PendingReclaimer(GroupOptions options, RedisConnections redis, BatchRunner runner, GroupMetrics metrics) {
        this.consumer = Consumer.from(options.group(), options.consumer());
        this.options = options;
        this.redis = redis;
        this.runner = runner;
        this.metrics = metrics;
    }

    Mono<Void> pass(String stream) {
        return page(stream, StreamIds.ZERO, 1)
                .then(forgetIdleConsumers(stream))
                .then(sampleBacklog(stream))
                .onErrorResume(e -> {
                    if (!RedisErrors.isNoGroup(e) && !RedisErrors.isNoSuchKey(e)) {
                        log.warn("reclaiming idle entries of {} for group '{}' failed: {}", stream, options.group(), e.toString());
                    }
                    return Mono.empty();
                });
    }

    private Mono<Void> page(String stream, String cursor, int page) {
        return redis.shared()
                .flatMap(c -> c.xautoclaim(stream, XAutoClaimArgs.Builder
                        .xautoclaim(consumer, options.claimMinIdle(), cursor).count(options.batchSize())))
                .flatMap(claimed -> run(stream, claimed)
                        .then(StreamIds.ZERO.equals(claimed.getId()) || "0".equals(claimed.getId())
                                || page >= MAX_PAGES_PER_ROUND
                                ? Mono.<Void>empty()
                                : page(stream, claimed.getId(), page + 1)));
    }

    private Mono<Void> run(String stream, ClaimedMessages<String, String> claimed) {
        if (claimed.getMessages().isEmpty()) {
            return Mono.empty();
        }
        List<StreamEntry> entries = claimed.getMessages().stream().map(StreamEntry::of).toList();
        metrics.reclaimed(stream, entries.size());
        log.info("group '{}': reclaimed {} idle entries of {} from other consumers", options.group(), entries.size(), stream);
        return runner.run(stream, entries).then();
    }

    private Mono<Void> forgetIdleConsumers(String stream) {
        long idleLimit = options.forgetConsumersAfter().toMillis();
        return redis.shared().flatMap(c -> c.xinfoConsumers(stream, options.group())
                .map(info -> pairs((List<?>) info))
                .filter(info -> !consumer.getName().equals(info.get("name")))
                .filter(info -> "0".equals(info.get("pending")) && Long.parseLong(info.getOrDefault("idle", "0")) >= idleLimit)
                .concatMap(info -> c.xgroupDelconsumer(stream, Consumer.from(options.group(), info.get("name")))
                        .doOnNext(n -> log.info("removed consumer '{}' from group '{}' on {}: nothing pending, idle {} ms",
                                info.get("name"), options.group(), stream, info.get("idle"))))
                .then());
    }

    private Mono<Void> sampleBacklog(String stream) {
        return redis.shared().flatMap(c -> c.xinfoGroups(stream)
                .map(info -> pairs((List<?>) info))
                .filter(info -> options.group().equals(info.get("name")))
                .next()
                .doOnNext(info -> metrics.backlog(stream, asLong(info.get("pending")), asLong(info.get("lag"))))
                .then());
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> info = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            info.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return info;
    }

    private static long asLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0; // lag is nil when Redis cannot tell (entries deleted in the middle)
        }
    }
}
