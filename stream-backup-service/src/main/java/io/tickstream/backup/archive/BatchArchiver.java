package io.tickstream.backup.archive;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.tickstream.backup.redis.StreamConnections;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.common.stream.StreamEntryCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Archives one batch of entries read from a stream: decode, write, then acknowledge, in that order, so
 * an entry is acknowledged only once its row is committed (a crash before the ack redelivers it and the
 * write skips it as a duplicate).
 *
 * <p>One bad entry never holds up the others:
 * <ul>
 *   <li>an entry that cannot be decoded goes to the dead-letter stream at once (retrying cannot change
 *       its fields), and is acknowledged;</li>
 *   <li>when PostgreSQL rejects the batch for its data, the entries are written one by one to isolate
 *       the bad one; the rest are acknowledged; the bad one stays pending, is retried, and after
 *       {@link ArchiveProperties#maxDeliveries()} deliveries goes to the dead-letter stream;</li>
 *   <li>a pending entry whose data is gone (trimmed before it was archived) is acknowledged and counted
 *       as lost.</li>
 * </ul>
 * Any other failure (PostgreSQL or Redis unreachable, timeout) fails the returned Mono and acknowledges
 * nothing: the caller backs off and retries the same entries.
 *
 * <p>Each decoded entry is traced ({@link ArchiveSpans}): its span continues the entry's trace and ends
 * with the batch, after the commit and the acknowledgement.
 */
public final class BatchArchiver {

    private static final Logger log = LoggerFactory.getLogger(BatchArchiver.class);

    /**
     * What became of a batch.
     *
     * @param archived     entries committed and acknowledged
     * @param deadLettered entries moved to the dead-letter stream
     * @param leftPending  entries PostgreSQL rejected that stay pending for another try
     */
    public record Outcome(int archived, int deadLettered, int leftPending) {
    }

    private final ArchiveWriter writer;
    private final StreamConnections redis;
    private final DeadLetters deadLetters;
    private final ArchiveMetrics metrics;
    private final ArchiveProperties properties;
    private final ArchiveSpans spans;

    public BatchArchiver(ArchiveWriter writer, StreamConnections redis, ArchiveMetrics metrics, ArchiveProperties properties) {
        this(writer, redis, metrics, properties, ArchiveSpans.none());
    }

    public BatchArchiver(ArchiveWriter writer, StreamConnections redis, ArchiveMetrics metrics, ArchiveProperties properties,
                         ArchiveSpans spans) {
        this.writer = writer;
        this.redis = redis;
        this.metrics = metrics;
        this.properties = properties;
        this.spans = spans;
        this.deadLetters = new DeadLetters(redis, properties.deadLetterMaxLength(), metrics);
    }

    /** Archives {@code batch} from {@code stream}; see the class description for what is acknowledged. */
    public Mono<Outcome> archive(String stream, List<StreamMessage<String, String>> batch) {
        long started = System.nanoTime();
        List<DecodedEntry> decoded = new ArrayList<>(batch.size());
        List<DeadLetters.Rejected> undecodable = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (StreamMessage<String, String> message : batch) {
            Map<String, String> fields = message.getBody();
            if (fields == null || fields.isEmpty()) {
                lost.add(message.getId());
                continue;
            }
            try {
                decoded.add(new DecodedEntry(message.getId(), StreamEntryCodec.decode(fields)));
            } catch (EventDecodeException e) {
                undecodable.add(new DeadLetters.Rejected(message.getId(), fields, "decode: " + e.getMessage(), 1));
            }
        }
        if (!lost.isEmpty()) {
            metrics.lost(stream, lost.size());
            log.error("{} pending entries of {} were deleted before they were archived (first {}): "
                    + "the stream was trimmed behind the backup group", lost.size(), stream, lost.getFirst());
        }
        ArchiveSpans.Batch traced = spans.start(stream, decoded);
        return writer.write(decoded)
                .timeout(properties.writeTimeout())
                .doOnNext(metrics::written)
                .map(written -> new Isolated(decoded.stream().map(DecodedEntry::streamId).toList(), List.of(), List.of()))
                .onErrorResume(DataErrors::isDataError, e -> isolate(stream, decoded, e))
                .flatMap(isolated -> withDeliveries(stream, undecodable)
                        .flatMap(rejected -> {
                            List<DeadLetters.Rejected> dead = new ArrayList<>(rejected);
                            dead.addAll(isolated.deadLettered());
                            List<String> ack = new ArrayList<>(isolated.committed());
                            dead.forEach(r -> ack.add(r.id()));
                            ack.addAll(lost);
                            traced.outcome(isolated.committed(), "archived");
                            traced.outcome(isolated.leftPending(), "pending");
                            traced.outcome(dead.stream().map(DeadLetters.Rejected::id).toList(), "dead_letter");
                            return deadLetters.send(stream, dead)
                                    .then(acknowledge(stream, ack))
                                    .thenReturn(new Outcome(isolated.committed().size(), dead.size(),
                                            isolated.leftPending().size()));
                        }))
                .doOnNext(outcome -> metrics.batch(stream, batch.size(), Duration.ofNanos(System.nanoTime() - started)))
                .doOnError(traced::fail)
                .doFinally(signal -> traced.end());
    }

    /** Ids committed, entries given up on, ids left pending. */
    private record Isolated(List<String> committed, List<DeadLetters.Rejected> deadLettered, List<String> leftPending) {
    }

    /** Writes entries one at a time to find the ones PostgreSQL rejects. */
    private Mono<Isolated> isolate(String stream, List<DecodedEntry> decoded, Throwable cause) {
        log.warn("PostgreSQL rejected a batch of {} from {} ({}); writing its entries one by one",
                decoded.size(), stream, DataErrors.describe(cause));
        return Flux.fromIterable(decoded)
                .concatMap(entry -> writer.write(List.of(entry))
                        .timeout(properties.writeTimeout())
                        .doOnNext(metrics::written)
                        .map(written -> new Attempt(entry, null))
                        .onErrorResume(DataErrors::isDataError, e -> Mono.just(new Attempt(entry, DataErrors.describe(e)))))
                .collectList()
                .flatMap(attempts -> {
                    List<String> committed = attempts.stream().filter(a -> a.error() == null)
                            .map(a -> a.entry().streamId()).toList();
                    List<Attempt> failed = attempts.stream().filter(a -> a.error() != null).toList();
                    return Flux.fromIterable(failed)
                            .concatMap(a -> deliveries(stream, a.entry().streamId()).map(n -> Map.entry(a, n)))
                            .collectList()
                            .map(counted -> {
                                List<DeadLetters.Rejected> dead = new ArrayList<>();
                                List<String> pending = new ArrayList<>();
                                for (Map.Entry<Attempt, Long> c : counted) {
                                    Attempt a = c.getKey();
                                    if (c.getValue() >= properties.maxDeliveries()) {
                                        dead.add(new DeadLetters.Rejected(a.entry().streamId(),
                                                StreamEntryCodec.encode(a.entry().event()), "write: " + a.error(), c.getValue()));
                                    } else {
                                        log.warn("{} {} rejected by PostgreSQL (delivery {} of {}): {}", stream,
                                                a.entry().streamId(), c.getValue(), properties.maxDeliveries(), a.error());
                                        pending.add(a.entry().streamId());
                                    }
                                }
                                return new Isolated(committed, dead, pending);
                            });
                });
    }

    private record Attempt(DecodedEntry entry, String error) {
    }

    private Mono<List<DeadLetters.Rejected>> withDeliveries(String stream, List<DeadLetters.Rejected> rejected) {
        return Flux.fromIterable(rejected)
                .concatMap(r -> deliveries(stream, r.id())
                        .map(n -> new DeadLetters.Rejected(r.id(), r.fields(), r.reason(), n)))
                .collectList();
    }

    /** How often the group delivered entry {@code id} (XPENDING); 1 when it is not pending any more. */
    private Mono<Long> deliveries(String stream, String id) {
        return redis.shared()
                .flatMap(c -> c.xpending(stream, properties.group(), Range.create(id, id), Limit.from(1)).next())
                .map(p -> p.getRedeliveryCount())
                .defaultIfEmpty(1L);
    }

    private Mono<Void> acknowledge(String stream, List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return redis.shared().flatMap(c -> c.xack(stream, properties.group(), ids.toArray(String[]::new))).then();
    }
}
