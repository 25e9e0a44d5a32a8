package io.tickstream.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Clients the shared bucket refused, and until when it would refuse them again, so that those requests
 * are refused here without a Redis round trip: a client hammering past its limit costs neither Redis nor
 * the gateway's event loops much.
 *
 * <p>This keeps the bucket's shared semantics exactly. A refused bucket holds less than one token, and
 * tokens come back at the replenish rate only, whatever other gateway instances do (they can only take
 * tokens). The script's wait is that time rounded up to the millisecond; counted from before the call was
 * sent, less that millisecond, it ends no later than the moment Redis could first say yes. Nothing is
 * written to the bucket by a refusal that changes a later answer, so skipping those calls changes nothing.
 *
 * <p>Bounded by {@code maxClients}; when full, expired entries are dropped (one sweep per 100 ms at most,
 * however many clients are refused), and a refusal that does not fit is not remembered: the client's next
 * request asks Redis, as without this class.
 */
final class RecentRefusals {

    private final ConcurrentHashMap<String, Long> refusedUntil = new ConcurrentHashMap<>();
    private final SweepThrottle sweeps = new SweepThrottle();
    private final int maxClients;

    RecentRefusals(int maxClients) {
        this.maxClients = maxClients;
    }

    /** Nanoseconds for which {@code client} is still refused at {@code now} ({@link System#nanoTime()}); 0 if not. */
    long refusedFor(String client, long now) {
        Long until = refusedUntil.get(client);
        if (until == null) {
            return 0;
        }
        long left = until - now;
        if (left <= 0) {
            refusedUntil.remove(client, until);
            return 0;
        }
        return left;
    }

    /**
     * Remembers that the bucket refused {@code client} with a wait of {@code waitMs}, for a call sent at
     * {@code sentAt}, as seen at {@code now} (both {@link System#nanoTime()}).
     */
    void refused(String client, long waitMs, long sentAt, long now) {
        long until = sentAt + TimeUnit.MILLISECONDS.toNanos(waitMs - 1);
        if (until - now <= 0) {
            return;
        }
        if (refusedUntil.size() >= maxClients && !dropExpired(now)) {
            return;
        }
        refusedUntil.merge(client, until, (known, next) -> next - known > 0 ? next : known);
    }

    private boolean dropExpired(long now) {
        if (sweeps.due(now)) {
            refusedUntil.values().removeIf(until -> until - now <= 0);
        }
        return refusedUntil.size() < maxClients;
    }
}
