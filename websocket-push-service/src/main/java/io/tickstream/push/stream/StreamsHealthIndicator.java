package io.tickstream.push.stream;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code streams}: DOWN until the tailer's first warm-up is done (the channels have no state to
 * answer subscriptions with), then UP with the epoch of each stream (one per partition's Redis master). Part of the readiness group, so a new instance
 * gets traffic only once it can answer it.
 */
@Component("streams")
class StreamsHealthIndicator implements HealthIndicator {

    private final StreamTailer tailer;

    StreamsHealthIndicator(StreamTailer tailer) {
        this.tailer = tailer;
    }

    @Override
    public Health health() {
        return tailer.warmedUp()
                ? Health.up().withDetail("epochs", tailer.epochs()).build()
                : Health.down().withDetail("reason", "warming up: reading the streams' recent history").build();
    }
}
