package io.tickstream.backup.archive;

import io.lettuce.core.Consumer;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.tickstream.backup.redis.StreamConnections;
import io.tickstream.backup.redis.StreamIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Takes over entries that another consumer of the group (a crashed or replaced instance) was given but
 * never acknowledged, once they have been idle for {@link ArchiveProperties#claimMinIdle()}: XAUTOCLAIM
 * through Lettuce (spring-data-redis lacks it), page by page, each page archived like a normal batch.
 * Entries this instance is still working on are never idle that long: its loop re-reads them on every
 * retry, which resets their idle time.
 */
final class PendingReclaimer {

    private static final Logger log = LoggerFactory.getLogger(PendingReclaimer.class);
    private static final int MAX_PAGES_PER_ROUND = 20;

    private final Consumer<String> consumer;
    private final ArchiveProperties properties;
    private final StreamConnections redis;
    private final BatchArchiver archiver;
    private final ArchiveMetrics metrics;

    PendingReclaimer(String consumerName, ArchiveProperties properties, StreamConnections redis,
                     BatchArchiver archiver, ArchiveMetrics metrics) {
        this.consumer = Consumer.from(properties.group(), consumerName);
        this.properties = properties;
        this.redis = redis;
        this.archiver = archiver;
        this.metrics = metrics;
    }

    /**
     * Claims and archives idle pending entries of {@code stream}, then forgets consumers that have
     * nothing pending and have been idle for {@link ArchiveProperties#forgetConsumersAfter()} (pods that
     * were replaced); never fails (errors are logged).
     */
    Mono<Void> reclaim(String stream) {
        return page(stream, StreamIds.ZERO, 1)
                .then(forgetIdleConsumers(stream))
                .onErrorResume(e -> {
                    if (!ConsumerGroups.isNoGroup(e)) {
                        log.warn("reclaiming idle entries of {} failed: {}", stream, e.toString());
                    }
                    return Mono.empty();
                });
    }

    private Mono<Void> forgetIdleConsumers(String stream) {
        long idleLimit = properties.forgetConsumersAfter().toMillis();
        return redis.shared().flatMap(c -> c.xinfoConsumers(stream, properties.group())
                .map(info -> consumerInfo((java.util.List<?>) info))
                .filter(info -> !consumer.getName().equals(info.get("name")))
                .filter(info -> "0".equals(info.get("pending")) && Long.parseLong(info.getOrDefault("idle", "0")) >= idleLimit)
                .concatMap(info -> c.xgroupDelconsumer(stream, io.lettuce.core.Consumer.from(properties.group(), info.get("name")))
                        .doOnNext(n -> log.info("removed consumer '{}' from group '{}' on {}: nothing pending, idle {} ms",
                                info.get("name"), properties.group(), stream, info.get("idle"))))
                .then());
    }

    private static java.util.Map<String, String> consumerInfo(java.util.List<?> flat) {
        java.util.Map<String, String> info = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            info.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return info;
    }

    private Mono<Void> page(String stream, String cursor, int page) {
        return redis.shared()
                .flatMap(c -> c.xautoclaim(stream, XAutoClaimArgs.Builder
                        .xautoclaim(consumer, properties.claimMinIdle(), cursor).count(properties.batchSize())))
                .flatMap(claimed -> archive(stream, claimed)
                        .then(StreamIds.ZERO.equals(claimed.getId()) || "0".equals(claimed.getId())
                                || page >= MAX_PAGES_PER_ROUND
                                ? Mono.<Void>empty()
                                : page(stream, claimed.getId(), page + 1)));
    }

    private Mono<Void> archive(String stream, ClaimedMessages<String, String> claimed) {
        if (claimed.getMessages().isEmpty()) {
            return Mono.empty();
        }
        metrics.reclaimed(stream, claimed.getMessages().size());
        log.info("reclaimed {} idle entries of {} from other consumers", claimed.getMessages().size(), stream);
        return archiver.archive(stream, claimed.getMessages()).then();
    }
}
