package io.tickstream.query.cache;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * HTTP answers of cached bodies: JSON, {@code X-Cache: L1|L2|COMPUTED}, and {@code X-Data-Stale: true}
 * when the answer may be old (Redis unavailable, or served while a refresh runs).
 */
public final class CachedResponses {

    public static final String CACHE_HEADER = "X-Cache";
    public static final String STALE_HEADER = "X-Data-Stale";

    private CachedResponses() {
    }

    public static ResponseEntity<byte[]> of(Cached cached) {
        return json(cached.body(), cached.tier().name(), cached.stale());
    }

    public static ResponseEntity<byte[]> json(byte[] body, String tier, boolean stale) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(CACHE_HEADER, tier)
                .header(STALE_HEADER, Boolean.toString(stale))
                .body(body);
    }
}
