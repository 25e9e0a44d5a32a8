package io.tickstream.ingest.source.binance;

import io.tickstream.ingest.source.SourceThrottle;
import io.tickstream.ingest.source.SourceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiConsumer;

/**
 * Watches Binance's {@code X-MBX-USED-WEIGHT-1M} header, the request weight this IP used in the
 * current UTC minute. When it reaches {@code slowDownAtUsage × usageLimit} (default 0.8 × 6000) the
 * source's throttle pauses until the minute's window resets, so we stop before Binance answers 429
 * (and, if ignored, 418 with an IP ban). Does nothing when {@code usageLimit} is 0 or the header is
 * absent or not a number.
 */
final class BinanceUsedWeight implements BiConsumer<HttpHeaders, SourceThrottle> {

    static final String HEADER = "X-MBX-USED-WEIGHT-1M";
    private static final Logger log = LoggerFactory.getLogger(BinanceUsedWeight.class);

    private final int usageLimit;
    private final double slowDownAt;
    private final Clock clock;

    BinanceUsedWeight(SourceProperties.Budget budget, Clock clock) {
        this.usageLimit = budget.usageLimit();
        this.slowDownAt = budget.slowDownAtUsage() * budget.usageLimit();
        this.clock = clock;
    }

    @Override
    public void accept(HttpHeaders headers, SourceThrottle throttle) {
        String value = headers.getFirst(HEADER);
        if (usageLimit <= 0 || value == null) {
            return;
        }
        int used;
        try {
            used = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            log.debug("ignoring non-numeric {} header '{}'", HEADER, value);
            return;
        }
        if (used >= slowDownAt) {
            Instant nextWindow = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            throttle.pauseUntil(nextWindow, "used weight " + used + " of " + usageLimit);
        }
    }
}
