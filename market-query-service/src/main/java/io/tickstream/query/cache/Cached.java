package io.tickstream.query.cache;

/**
 * An answer from the cache.
 *
 * @param body  the serialized answer (JSON)
 * @param tier  where it came from
 * @param stale true when it may be old: served while a refresh runs, or Redis is unavailable
 */
public record Cached(byte[] body, Tier tier, boolean stale) {

    /** Where an answer came from; sent as the {@code X-Cache} header. */
    public enum Tier { L1, L2, COMPUTED }
}
