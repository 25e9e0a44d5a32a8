package io.tickstream.streams.group;

import io.lettuce.core.XAddArgs;
import io.tickstream.common.stream.StreamFields;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves entries given up on to {@code <stream>:dlq} ({@link StreamKeys#deadLetter}): the original fields
 * plus {@code dlqReason}, {@code dlqOriginalId} and {@code dlqDeliveries}, approximately capped. The
 * caller acknowledges the originals afterwards, so a crash in between leaves a copy, never a loss.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** An entry given up on. */
    record Rejected(String id, Map<String, String> fields, String reason, long deliveries) {
    }

    private final RedisConnections redis;
    private final long maxLength;
    private final GroupMetrics metrics;

    DeadLetters(RedisConnections redis, long maxLength, GroupMetrics metrics) {
        this.redis = redis;
        this.maxLength = maxLength;
        this.metrics = metrics;
    }

    Mono<Void> send(String stream, List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Mono.empty();
        }
        String deadLetter = StreamKeys.deadLetter(stream);
        XAddArgs args = XAddArgs.Builder.maxlen(maxLength).approximateTrimming();
        return redis.shared().flatMapMany(c -> Flux.fromIterable(rejected)
                        .concatMap(r -> c.xadd(deadLetter, args, fields(r))
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
