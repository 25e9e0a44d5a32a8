package io.tickstream.backup.archive;

import io.lettuce.core.XAddArgs;
import io.tickstream.backup.redis.StreamConnections;
import io.tickstream.common.stream.StreamFields;
import io.tickstream.common.stream.StreamKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves entries the archiver gave up on to {@code <stream>:dlq}: the original fields plus
 * {@code dlqReason}, {@code dlqOriginalId} and {@code dlqDeliveries}. Approximately capped at
 * {@link ArchiveProperties#deadLetterMaxLength()}. The caller acknowledges the originals afterwards.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * An entry given up on.
     *
     * @param id         its stream entry id
     * @param fields     its fields as read (possibly incomplete: that may be why)
     * @param reason     why, for the operator
     * @param deliveries how often it was delivered
     */
    record Rejected(String id, Map<String, String> fields, String reason, long deliveries) {
    }

    private final StreamConnections redis;
    private final long maxLength;
    private final ArchiveMetrics metrics;

    DeadLetters(StreamConnections redis, long maxLength, ArchiveMetrics metrics) {
        this.redis = redis;
        this.maxLength = maxLength;
        this.metrics = metrics;
    }

    /** Appends every rejected entry to the dead-letter stream of {@code stream}. */
    Mono<Void> send(String stream, List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Mono.empty();
        }
        String deadLetter = StreamKeys.deadLetter(stream);
        XAddArgs args = XAddArgs.Builder.maxlen(maxLength).approximateTrimming();
        return redis.shared().flatMapMany(c -> Flux.fromIterable(rejected)
                        .flatMap(r -> c.xadd(deadLetter, args, fields(r))
                                .doOnNext(id -> log.warn("dead-lettered {} {} after {} deliveries: {}",
                                        stream, r.id(), r.deliveries(), r.reason()))))
                .doOnComplete(() -> metrics.deadLettered(stream, rejected.size()))
                .then();
    }

    private static Map<String, String> fields(Rejected r) {
        Map<String, String> fields = new LinkedHashMap<>(r.fields());
        fields.put(StreamFields.DLQ_REASON, r.reason());
        fields.put(StreamFields.DLQ_ORIGINAL_ID, r.id());
        fields.put(StreamFields.DLQ_DELIVERIES, Long.toString(r.deliveries()));
        return fields;
    }
}
