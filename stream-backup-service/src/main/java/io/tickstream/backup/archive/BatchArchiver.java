package io.tickstream.backup.archive;

import io.lettuce.core.RedisException;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.group.BatchHandler;
import io.tickstream.streams.group.BatchOutcome;
import io.tickstream.streams.group.BatchOutcome.Disposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The archive's {@link BatchHandler}: decodes a batch and writes it to PostgreSQL, then says what became
 * of each entry; the group consumer acknowledges what is {@code done} only after that, so an entry is
 * acknowledged only once its row is committed (a crash before the ack redelivers it and the write skips
 * it as a duplicate).
 *
 * <p>One bad entry never holds up the others:
 * <ul>
 *   <li>an entry that cannot be decoded is {@code rejected} ({@code decode: <reason>}): dead-lettered at
 *       once, since retrying cannot change its fields;</li>
 *   <li>when PostgreSQL rejects the batch for its data, the entries are written one by one to isolate the
 *       bad one; the rest are done; the bad one is left for {@code retry} ({@code write: <PostgreSQL's
 *       reason>}) and dead-lettered by the consumer after {@link ArchiveProperties#maxDeliveries()}.</li>
 * </ul>
 * Any other failure (PostgreSQL unreachable, timeout) fails the returned Mono: nothing is acknowledged,
 * the consumer backs off and the same entries come again; it counts as error kind {@code postgres}.
 *
 * <p>Each decoded entry is traced ({@link ArchiveSpans}): its span continues the entry's trace and ends
 * when the batch is settled, after the commit and the acknowledgement.
 */
public final class BatchArchiver implements BatchHandler {

    private static final Logger log = LoggerFactory.getLogger(BatchArchiver.class);

    private final ArchiveWriter writer;
    private final ArchiveMetrics metrics;
    private final Duration writeTimeout;
    private final ArchiveSpans spans;

    public BatchArchiver(ArchiveWriter writer, ArchiveMetrics metrics, ArchiveProperties properties) {
        this(writer, metrics, properties, ArchiveSpans.none());
    }

    public BatchArchiver(ArchiveWriter writer, ArchiveMetrics metrics, ArchiveProperties properties, ArchiveSpans spans) {
        this.writer = writer;
        this.metrics = metrics;
        this.writeTimeout = properties.writeTimeout();
        this.spans = spans;
    }

    @Override
    public Mono<BatchOutcome> handle(String stream, List<StreamEntry> entries) {
        long started = System.nanoTime();
        List<DecodedEntry> decoded = new ArrayList<>(entries.size());
        Map<String, String> undecodable = new LinkedHashMap<>();
        for (StreamEntry entry : entries) {
            try {
                decoded.add(new DecodedEntry(entry.id(), entry.decode()));
            } catch (EventDecodeException e) {
                undecodable.put(entry.id(), "decode: " + e.getMessage());
            }
        }
        ArchiveSpans.Batch traced = spans.start(stream, decoded);
        return Mono.defer(() -> write(stream, decoded))
                .map(written -> new BatchOutcome(written.done(), undecodable, written.retry(), null)
                        .whenSettled(dispositions -> {
                            traced.settled(dispositions);
                            if (acknowledged(written.done(), undecodable.keySet(), dispositions)) {
                                metrics.batch(stream, entries.size(), Duration.ofNanos(System.nanoTime() - started));
                            }
                        }))
                .doOnError(traced::fail)
                .doOnCancel(traced::end);
    }

    /** Everything but Redis' own errors (which the consumer tags itself) is PostgreSQL's. */
    @Override
    public String errorKind(Throwable error) {
        return error instanceof RedisException ? "redis" : "postgres";
    }

    /** Ids committed, and ids PostgreSQL refused for their data with its reason. */
    private record Written(List<String> done, Map<String, String> retry) {
    }

    private Mono<Written> write(String stream, List<DecodedEntry> decoded) {
        if (decoded.isEmpty()) {
            return Mono.just(new Written(List.of(), Map.of()));
        }
        return writer.write(decoded)
                .timeout(writeTimeout)
                .doOnNext(metrics::written)
                .map(written -> new Written(decoded.stream().map(DecodedEntry::streamId).toList(), Map.of()))
                .onErrorResume(DataErrors::isDataError, e -> isolate(stream, decoded, e));
    }

    /** Writes entries one at a time to find the ones PostgreSQL rejects. */
    private Mono<Written> isolate(String stream, List<DecodedEntry> decoded, Throwable cause) {
        log.warn("PostgreSQL rejected a batch of {} from {} ({}); writing its entries one by one",
                decoded.size(), stream, DataErrors.describe(cause));
        List<String> done = new ArrayList<>();
        Map<String, String> retry = new LinkedHashMap<>();
        return Flux.fromIterable(decoded)
                .concatMap(entry -> writer.write(List.of(entry))
                        .timeout(writeTimeout)
                        .doOnNext(metrics::written)
                        .doOnNext(written -> done.add(entry.streamId()))
                        .onErrorResume(DataErrors::isDataError, e -> {
                            retry.put(entry.streamId(), "write: " + DataErrors.describe(e));
                            return Mono.empty();
                        }))
                .then(Mono.fromSupplier(() -> new Written(done, retry)));
    }

    /** True unless the acknowledgement failed (what was done or rejected was left pending). */
    private static boolean acknowledged(List<String> done, java.util.Set<String> rejected,
                                        Map<String, Disposition> dispositions) {
        return done.stream().allMatch(id -> dispositions.get(id) == Disposition.ACKNOWLEDGED)
                && rejected.stream().allMatch(id -> dispositions.get(id) == Disposition.DEAD_LETTERED);
    }
}
