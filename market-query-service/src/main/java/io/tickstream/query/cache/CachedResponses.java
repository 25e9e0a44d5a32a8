package io.tickstream.query.cache;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.zip.CRC32;
import java.util.zip.CRC32C;

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

    private CachedResponses() {
    }

    public static ResponseEntity<byte[]> of(Cached cached) {
        return json(cached.body(), cached.tier().name(), cached.stale());
    }

    public static ResponseEntity<byte[]> json(byte[] body, String tier, boolean stale) {
        return json(body, etag(body), tier, stale);
    }

    /** As {@link #json(byte[], String, boolean)}, with the body's tag computed beforehand (once per update). */
    public static ResponseEntity<byte[]> json(byte[] body, String etag, String tier, boolean stale) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .eTag(etag)
                .cacheControl(CacheControl.noCache())
                .header(CACHE_HEADER, tier)
                .header(STALE_HEADER, Boolean.toString(stale))
                .body(body);
    }

    /**
     * The weak entity tag of {@code body}: {@code W/"<length>-<CRC32C>-<CRC32>"} in hex. A checksum of the
     * bytes rather than a version, so equal answers match across instances and restarts; two checksums of
     * different polynomials (64 bits) so a changed answer keeps its tag with a chance of about 2^-64. Both
     * are CPU intrinsics: a quote answer costs well under a microsecond (docs/benchmarks.md).
     */
    public static String etag(byte[] body) {
        CRC32C c = new CRC32C();
        c.update(body, 0, body.length);
        CRC32 d = new CRC32();
        d.update(body, 0, body.length);
        return "W/\"" + Integer.toHexString(body.length) + "-" + Long.toHexString(c.getValue()) + "-"
                + Long.toHexString(d.getValue()) + "\"";
    }
}
