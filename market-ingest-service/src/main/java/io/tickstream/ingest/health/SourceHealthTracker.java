package io.tickstream.ingest.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.ingest.publish.StreamPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health state of each source this instance polls, from its poll outcomes: a clean poll is
 * {@code up}; data with rejected or stale values, or a failed poll while the breaker is closed, is
 * {@code degraded}; a 429/418 or a spent budget is {@code rate_limited}; an open breaker is
 * {@code down}. Every transition is appended to {@code system:health}, logged, and counted
 * ({@code tickstream.ingest.health.transitions}); the state is a gauge
 * ({@code tickstream.ingest.source.state}: 0 up, 1 degraded, 2 rate limited, 3 down), and so is the age
 * of the last good data ({@code tickstream.ingest.source.last.good.age}, seconds).
 */
@Component
public class SourceHealthTracker {

    private static final Logger log = LoggerFactory.getLogger(SourceHealthTracker.class);

    private final StreamPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();

    public SourceHealthTracker(StreamPublisher publisher, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Registers a source. Until its first poll here it reads {@code up}; the first poll's outcome is
     * always appended (with {@code previous} equal to the state and reason {@code polling started: …}),
     * so readers learn every polled source's state, not only its changes.
     */
    public void register(String source) {
        statuses.computeIfAbsent(source, name -> {
            Gauge.builder("tickstream.ingest.source.state", () -> state(name).ordinal()).tag("source", name)
                    .description("0 up, 1 degraded, 2 rate limited, 3 down").register(meters);
            Gauge.builder("tickstream.ingest.source.last.good.age", () -> lastGoodAgeSeconds(name))
                    .tag("source", name).baseUnit("seconds")
                    .description("seconds since the source last delivered valid data; -1 before the first")
                    .register(meters);
            return new SourceStatus(SourceState.UP, "", -1, clock.millis(), false);
        });
    }

    /**
     * Records a poll's outcome; appends a health entry when the state changes, with {@code traceparent}
     * (the poll's trace context) so the transition belongs to the trace of the poll that caused it.
     */
    public Mono<Void> record(String source, PollOutcome outcome, String traceparent) {
        register(source);
        long now = clock.millis();
        SourceState next = stateOf(outcome);
        SourceStatus before = statuses.get(source);
        boolean first = !before.polled();
        SourceStatus after = new SourceStatus(next, outcome.detail(),
                outcome.delivered() ? now : before.lastGoodAt(), before.state() == next && !first ? before.since() : now, true);
        statuses.put(source, after);
        if (before.state() == next && !first) {
            return Mono.empty();
        }
        SourceState previous = first ? next : before.state();
        String reason = first ? ("polling started" + (outcome.detail().isEmpty() ? "" : ": " + outcome.detail())) : outcome.detail();
        log.info("source {} {} -> {} ({})", source, previous.wireName(), next.wireName(), reason);
        meters.counter("tickstream.ingest.health.transitions", "source", source, "state", next.wireName()).increment();
        Long retryAfterMs = outcome.retryAfter() == null ? null : outcome.retryAfter().toMillis();
        SourceHealthChanged event = new SourceHealthChanged(
                EventMeta.of(SourceHealthChanged.idempotencyKey(source, next, now), source, now, now, traceparent),
                next, previous, reason, retryAfterMs);
        return publisher.publish(event)
                .onErrorResume(e -> {
                    log.warn("could not append health transition of {}: {}", source, e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** The current state of {@code source}; {@code up} when unknown. */
    public SourceState state(String source) {
        SourceStatus status = statuses.get(source);
        return status == null ? SourceState.UP : status.state();
    }

    /** Every registered source's status, by name. */
    public Map<String, SourceStatus> statuses() {
        return new TreeMap<>(statuses);
    }

    private double lastGoodAgeSeconds(String source) {
        SourceStatus status = statuses.get(source);
        return status == null || status.lastGoodAt() < 0 ? -1 : (clock.millis() - status.lastGoodAt()) / 1000.0;
    }

    private static SourceState stateOf(PollOutcome outcome) {
        return switch (outcome.kind()) {
            case CLEAN -> SourceState.UP;
            case PARTIAL, FAILED -> SourceState.DEGRADED;
            case RATE_LIMITED -> SourceState.RATE_LIMITED;
            case BREAKER_OPEN -> SourceState.DOWN;
        };
    }

    /**
     * A source's status.
     *
     * @param state      the current state
     * @param detail     the cause given with the last outcome
     * @param lastGoodAt when it last delivered valid data, epoch ms; -1 before the first time
     * @param since      when it entered the current state, epoch ms
     * @param polled     whether this instance has polled it yet
     */
    public record SourceStatus(SourceState state, String detail, long lastGoodAt, long since, boolean polled) {
    }
}
