package io.tickstream.query.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;

/**
 * Benchmark baseline only (off unless {@code tickstream.query.bench.baseline=true}, as
 * {@code scripts/bench-query.sh} sets it): {@code GET /bench/baseline} answers a fixed JSON document
 * of {@code tickstream.query.bench.baseline-size} bytes (default 800) with no work at all, so the
 * cost of {@code /api/v1/quotes/{symbol}} can be compared with the bare WebFlux path in the same run. Test sources
 * only: not in the production jar; the benchmark scripts add it to the jar's class path
 * ({@code scripts/bench-query/bench-endpoints.sh}).
 */
@RestController
@ConditionalOnProperty(name = "tickstream.query.bench.baseline", havingValue = "true")
class BaselineController {

    private final byte[] body;

    BaselineController(Environment environment) {
        int size = Math.max(16, environment.getProperty("tickstream.query.bench.baseline-size", Integer.class, 800));
        String prefix = "{\"pad\":\"";
        String suffix = "\"}";
        this.body = (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix).getBytes(StandardCharsets.US_ASCII);
    }

    @GetMapping("/bench/baseline")
    ResponseEntity<byte[]> baseline() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
