package io.tickstream.query.cache;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * HTTP answers of cached bodies: JSON, {@code X-Cache: L1|L2|COMPUTED}, and {@code X-Data-Stale: true}
 * when the answer may be old (Redis unavailable, or served while a refresh runs).
 *
 * <p>Every answer carries a weak {@code ETag} of its body ({@link #etag}) and {@code Cache-Control: no-cache}:
 * market data changes by the second, so a client (or a browser cache) keeps the answer but asks again each
 * time with {@code If-None-Match}, and gets {@code 304 Not Modified} with no body while nothing changed
 * (Spring's {@code ResponseEntity} handling compares it). The tag is weak because the server may send the
 * same answer gzip-compressed or not ({@code server.compression}), byte-different but equivalent.
 */
public final class CachedResponses {

    public static final String CACHE_HEADER = "X-Cache";
    public static final String STALE_HEADER = "X-Data-Stale";

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private CachedResponses() {
    }

    public static ResponseEntity<byte[]> of(Cached cached) {
        return json(cached.body(), cached.tier().name(), cached.stale());
    }

    public static ResponseEntity<byte[]> json(byte[] body, String tier, boolean stale) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .eTag(etag(body))
                .cacheControl(CacheControl.noCache())
                .header(CACHE_HEADER, tier)
                .header(STALE_HEADER, Boolean.toString(stale))
                .body(body);
    }

    /**
     * The weak entity tag of {@code body}: {@code W/"<length>-<FNV-1a 64 of the bytes>"} in hex. A hash of the
     * bytes rather than a version, so equal answers match across instances and restarts.
     */
    static String etag(byte[] body) {
        long hash = FNV_OFFSET;
        for (byte b : body) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return "W/\"" + Integer.toHexString(body.length) + "-" + Long.toHexString(hash) + "\"";
    }
}
