package io.tickstream.streams.group;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.tickstream.streams.StreamEntry;
import io.tickstream.streams.connection.RedisConnections;
import io.tickstream.streams.group.BatchOutcome.Disposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one batch through the handler and settles it, in this order: deleted entries are set aside,
 * the handler does its work, entries given up on go to the dead-letter stream, then everything done,
 * dead-lettered or deleted is acknowledged in one XACK. So an entry is acknowledged only after its
 * work is durable (a crash before the XACK redelivers it, and idempotent handlers skip it), and a
 * dead-lettered entry has its copy before its acknowledgement.
 */
final class BatchRunner {

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    private final RedisConnections redis;
    private final GroupOptions options;
    private final BatchHandler handler;
    private final DeadLetters deadLetters;
    private final GroupMetrics metrics;

    BatchRunner(RedisConnections redis, GroupOptions options, BatchHandler handler, GroupMetrics metrics) {
        this.redis = redis;
        this.options = options;
        this.handler = handler;
        this.metrics = metrics;
        this.deadLetters = new DeadLetters(redis, options.deadLetterMaxLength(), metrics);
    }

    /** Handles and settles {@code batch}; emits how many entries were left pending for another delivery. */
    Mono<Integer> run(String stream, List<StreamEntry> batch) {
        List<String> lost = new ArrayList<>();
        Map<String, StreamEntry> live = new LinkedHashMap<>();
        for (StreamEntry entry : batch) {
            if (entry.deleted()) {
                lost.add(entry.id());
            } else {
                live.put(entry.id(), entry);
            }
        }
        if (!lost.isEmpty()) {
            metrics.lost(stream, lost.size());
            log.error("{} pending entries of {} were deleted before group '{}' handled them (first {}): "
                    + "the stream was trimmed behind the group", lost.size(), stream, options.group(), lost.getFirst());
        }
        Mono<BatchOutcome> outcome = live.isEmpty()
                ? Mono.just(BatchOutcome.allDone(List.of()))
                : handler.handle(stream, List.copyOf(live.values())).timeout(options.handleTimeout());
        return outcome.flatMap(o -> {
            // told exactly once, whatever happens to the settlement (failure, cancel on stop or kill)
            java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.function.Consumer<Map<String, Disposition>> once = d -> {
                if (told.compareAndSet(false, true)) {
                    o.settled().accept(d);
                }
            };
            return settle(stream, live, o.whenSettled(once), lost)
                    .doFinally(signal -> once.accept(allPending(live)));
        });
    }

    private Mono<Integer> settle(String stream, Map<String, StreamEntry> live, BatchOutcome outcome, List<String> lost) {
        Map<String, String> retry = new LinkedHashMap<>(outcome.retry());
        java.util.Set<String> done = new java.util.HashSet<>(outcome.done());
        for (String id : live.keySet()) {
            if (!done.contains(id) && !outcome.rejected().containsKey(id) && !retry.containsKey(id)) {
                retry.put(id, "not handled");
            }
        }
        Map<String, String> giveUp = new LinkedHashMap<>(outcome.rejected());
        return Flux.fromIterable(retry.entrySet())
                .concatMap(r -> deliveries(stream, r.getKey()).map(n -> Map.entry(r, n)))
                .collectList()
                .flatMap(counted -> {
                    List<DeadLetters.Rejected> dead = new ArrayList<>();
                    Map<String, Disposition> dispositions = new HashMap<>();
                    outcome.done().forEach(id -> dispositions.put(id, Disposition.ACKNOWLEDGED));
                    int pending = 0;
                    for (var c : counted) {
                        String id = c.getKey().getKey();
                        if (c.getValue() >= options.maxDeliveries()) {
                            giveUp.put(id, c.getKey().getValue());
                        } else {
                            log.warn("{} {} refused by group '{}' (delivery {} of {}): {}", stream, id, options.group(),
                                    c.getValue(), options.maxDeliveries(), c.getKey().getValue());
                            dispositions.put(id, Disposition.PENDING);
                            pending++;
                        }
                    }
                    int leftPending = pending;
                    return Flux.fromIterable(giveUp.entrySet())
                            .concatMap(g -> deliveries(stream, g.getKey()).map(n -> new DeadLetters.Rejected(g.getKey(),
                                    live.get(g.getKey()).fields(), g.getValue(), n)))
                            .collectList()
                            .flatMap(rejected -> {
                                dead.addAll(rejected);
                                List<String> ack = new ArrayList<>(outcome.done());
                                dead.forEach(r -> {
                                    ack.add(r.id());
                                    dispositions.put(r.id(), Disposition.DEAD_LETTERED);
                                });
                                ack.addAll(lost);
                                return deadLetters.send(stream, dead)
                                        .then(acknowledge(stream, ack))
                                        .doOnSuccess(ignored -> outcome.settled().accept(dispositions))
                                        .thenReturn(leftPending);
                            });
                });
    }

    private static Map<String, Disposition> allPending(Map<String, StreamEntry> live) {
        Map<String, Disposition> pending = new HashMap<>();
        live.keySet().forEach(id -> pending.put(id, Disposition.PENDING));
        return pending;
    }

    /** How often the group delivered entry {@code id} (XPENDING); 1 when it is not pending any more. */
    private Mono<Long> deliveries(String stream, String id) {
        return redis.shared()
                .flatMap(c -> c.xpending(stream, options.group(), Range.create(id, id), Limit.from(1)).next())
                .map(p -> p.getRedeliveryCount())
                .defaultIfEmpty(1L);
    }

    private Mono<Void> acknowledge(String stream, List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return redis.shared().flatMap(c -> c.xack(stream, options.group(), ids.toArray(String[]::new))).then();
    }
}
