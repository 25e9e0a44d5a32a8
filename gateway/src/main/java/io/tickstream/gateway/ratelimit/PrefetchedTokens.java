package io.tickstream.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tokens this gateway instance has already taken from clients' shared buckets and not spent yet
 * ({@code tickstream.gateway.rate-limit.prefetch} above 1): a request that finds one here passes without
 * a Redis round trip. They were taken from the shared bucket when fetched, so spending them here never
 * lets a client past its limit; unspent ones expire after {@code prefetchFor} and are simply lost, never
 * given back (which can only make the limit stricter).
 *
 * <p>Bounded by {@code maxClients}; when full, expired entries are dropped (one sweep per 100 ms at most),
 * and tokens that do not fit are not kept: the client's next request asks Redis.
 */
final class PrefetchedTokens {

    private final ConcurrentHashMap<String, Batch> batches = new ConcurrentHashMap<>();
    private final SweepThrottle sweeps = new SweepThrottle();
    private final int maxClients;
    private final long validNanos;

    PrefetchedTokens(int maxClients, long validNanos) {
        this.maxClients = maxClients;
        this.validNanos = validNanos;
    }

    /**
     * Spends one of {@code client}'s prefetched tokens at {@code now} ({@link System#nanoTime()}).
     *
     * @return the tokens the client has left as far as this instance knows (the shared bucket's count when
     * the batch was fetched, plus the batch's unspent tokens), or -1 when there was no token to spend
     */
    long spend(String client, long now) {
        Batch batch = batches.get(client);
        if (batch == null) {
            return -1;
        }
        if (now - batch.expiresAt >= 0) {
            batches.remove(client, batch);
            return -1;
        }
        int left = batch.left.decrementAndGet();
        if (left < 0) {
            batches.remove(client, batch);
            return -1;
        }
        return batch.bucketLeft + left;
    }

    /**
     * Keeps {@code tokens} more of {@code client}'s, fetched at {@code now}, with the bucket holding
     * {@code bucketLeft}. Requests that found no token at the same moment each fetch a batch; the batches
     * are added up rather than replacing one another, so no fetched token is wasted. Tokens added to a
     * batch expire with it (never later than {@code prefetchFor} after they were fetched).
     */
    void keep(String client, int tokens, long bucketLeft, long now) {
        if (tokens <= 0) {
            return;
        }
        if (batches.size() >= maxClients && !batches.containsKey(client) && !dropExpired(now)) {
            return;
        }
        batches.compute(client, (key, batch) -> {
            if (batch != null && now - batch.expiresAt < 0 && batch.add(tokens)) {
                batch.bucketLeft = bucketLeft;
                return batch;
            }
            return new Batch(tokens, bucketLeft, now + validNanos);
        });
    }

    private boolean dropExpired(long now) {
        if (sweeps.due(now)) {
            batches.values().removeIf(batch -> now - batch.expiresAt >= 0 || batch.left.get() <= 0);
        }
        return batches.size() < maxClients;
    }

    private static final class Batch {

        final AtomicInteger left;
        volatile long bucketLeft;
        final long expiresAt;

        Batch(int tokens, long bucketLeft, long expiresAt) {
            this.left = new AtomicInteger(tokens);
            this.bucketLeft = bucketLeft;
            this.expiresAt = expiresAt;
        }

        /** Adds tokens unless the batch has run dry (a spender may have found it empty and dropped it). */
        boolean add(int tokens) {
            int left;
            do {
                left = this.left.get();
                if (left <= 0) {
                    return false;
                }
            } while (!this.left.compareAndSet(left, left + tokens));
            return true;
        }
    }
}
