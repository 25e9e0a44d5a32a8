package io.tickstream.query.cache;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CachedResponsesTests {

    @Test
    void theETagIsWeakAndFollowsTheBytes() {
        byte[] a = "{\"price\":\"100\"}".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{\"price\":\"101\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(CachedResponses.etag(a)).startsWith("W/\"f-").matches("W/\"f-[0-9a-f]+-[0-9a-f]+\"").endsWith("\"").isEqualTo(CachedResponses.etag(a.clone()));
        assertThat(CachedResponses.etag(a)).isNotEqualTo(CachedResponses.etag(b));
        assertThat(CachedResponses.json(a, "L1", false).getHeaders().getETag()).isEqualTo(CachedResponses.etag(a));
        assertThat(CachedResponses.json(a, "L1", false).getHeaders().getCacheControl()).isEqualTo("no-cache");
    }
}
