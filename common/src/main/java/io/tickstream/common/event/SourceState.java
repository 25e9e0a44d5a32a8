package io.tickstream.common.event;

import java.util.Arrays;
import java.util.Optional;

/** Health of a market data source as the ingest service sees it. */
public enum SourceState {
    /** Answers and its data passes validation. */
    UP("up"),
    /** Answers, but with errors or retries, or some of its data is rejected or stale. */
    DEGRADED("degraded"),
    /** The source asked us to wait (HTTP 429, Binance 418) or our budget for it is spent. */
    RATE_LIMITED("rate_limited"),
    /** Failing: the circuit breaker is open. */
    DOWN("down");

    private final String wireName;

    SourceState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SourceState> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }
}
