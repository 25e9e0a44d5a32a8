package io.tickstream.ingest;

import io.tickstream.ingest.source.SourceProperties;

import java.time.Duration;
import java.util.Map;

/** Test data for the ingest service. */
public final class IngestFixtures {

    private IngestFixtures() {
    }

    /** Settings of an enabled source with quick retries and a small breaker window. */
    public static SourceProperties source(String baseUrl) {
        return new SourceProperties(true, baseUrl, Duration.ofSeconds(1), Duration.ofMillis(500),
                new SourceProperties.Budget(100, Duration.ofMinutes(1), 0.8, 0),
                new SourceProperties.RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 0.5,
                        Duration.ofSeconds(60)),
                new SourceProperties.BreakerPolicy(4, 4, 50, Duration.ofSeconds(30)),
                Duration.ofMinutes(5), "USD", "", Map.of());
    }
}
