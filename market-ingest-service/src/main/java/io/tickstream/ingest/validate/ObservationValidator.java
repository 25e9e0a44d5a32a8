package io.tickstream.ingest.validate;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.common.symbol.Symbols;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SummaryObservation;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps zero, negative, absurd and time-travelling values out of the streams and flags stale data.
 * A quote is rejected when its price is outside {@code [minPrice, maxPrice]}, when it moved more than
 * {@code maxJumpPercent} from the same source's previous accepted price of the pair within
 * {@code jumpWindow}, when a volume or market cap is negative, when the 24h change is below -100 %, or
 * when its source time is more than {@code maxFutureSkew} ahead. Each rejection is counted by source
 * and reason ({@code tickstream.ingest.rejected}); stale data by source ({@code tickstream.ingest.stale}).
 */
@Component
public class ObservationValidator {

    private static final BigDecimal MINUS_100 = BigDecimal.valueOf(-100);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final ValidationProperties bounds;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, AcceptedPrice> previous = new ConcurrentHashMap<>();

    public ObservationValidator(ValidationProperties bounds, Clock clock, MeterRegistry meters) {
        this.bounds = bounds;
        this.clock = clock;
        this.meters = meters;
    }

    /** Checks a quote of {@code source}; data older than {@code maxAge} is accepted as stale. */
    public Verdict check(String source, QuoteObservation quote, Duration maxAge) {
        Verdict verdict = judge(source, quote, maxAge);
        count(source, verdict);
        if (verdict.accepted()) {
            previous.put(pairKey(source, quote), new AcceptedPrice(quote.price(), quote.sourceTime()));
        }
        return verdict;
    }

    /** Checks a market summary of {@code source}. */
    public Verdict check(String source, SummaryObservation summary, Duration maxAge) {
        Verdict verdict = judge(summary, maxAge);
        count(source, verdict);
        return verdict;
    }

    private Verdict judge(String source, QuoteObservation quote, Duration maxAge) {
        if (!Symbols.isCanonical(quote.symbol()) || !Symbols.isCanonical(quote.quote())) {
            return Verdict.rejected("invalid_symbol");
        }
        BigDecimal price = quote.price();
        if (price == null || price.signum() <= 0) {
            return Verdict.rejected("non_positive");
        }
        if (price.compareTo(bounds.minPrice()) < 0 || price.compareTo(bounds.maxPrice()) > 0) {
            return Verdict.rejected("out_of_range");
        }
        if (negative(quote.volume24h()) || negative(quote.marketCap()) || negative(quote.high24h())
                || negative(quote.low24h())) {
            return Verdict.rejected("negative_amount");
        }
        if (quote.change24hPct() != null && quote.change24hPct().compareTo(MINUS_100) < 0) {
            return Verdict.rejected("out_of_range");
        }
        if (jumped(pairKey(source, quote), price, quote.sourceTime())) {
            return Verdict.rejected("jump");
        }
        return timeVerdict(quote.sourceTime(), maxAge);
    }

    private Verdict judge(SummaryObservation summary, Duration maxAge) {
        if (negative(summary.totalMarketCapUsd()) || negative(summary.totalVolumeUsd())
                || (summary.activeCryptocurrencies() != null && summary.activeCryptocurrencies() < 0)) {
            return Verdict.rejected("negative_amount");
        }
        if (outsidePercent(summary.btcDominancePct()) || outsidePercent(summary.ethDominancePct())
                || (summary.fearGreedValue() != null
                && (summary.fearGreedValue() < 0 || summary.fearGreedValue() > 100))) {
            return Verdict.rejected("out_of_range");
        }
        return timeVerdict(summary.sourceTime(), maxAge);
    }

    private Verdict timeVerdict(long sourceTime, Duration maxAge) {
        long now = clock.millis();
        if (sourceTime > now + bounds.maxFutureSkew().toMillis()) {
            return Verdict.rejected("future_time");
        }
        return now - sourceTime > maxAge.toMillis() ? Verdict.STALE : Verdict.FRESH;
    }

    private boolean jumped(String pair, BigDecimal price, long sourceTime) {
        AcceptedPrice last = previous.get(pair);
        if (last == null || sourceTime - last.sourceTime() > bounds.jumpWindow().toMillis()) {
            return false;
        }
        // |price - last| / last * 100 > maxJump, without a division
        BigDecimal move = price.subtract(last.price()).abs().multiply(HUNDRED);
        return move.compareTo(bounds.maxJumpPercent().multiply(last.price())) > 0;
    }

    private void count(String source, Verdict verdict) {
        if (!verdict.accepted()) {
            meters.counter("tickstream.ingest.rejected", "source", source, "reason", verdict.reason()).increment();
        } else if (verdict.stale()) {
            meters.counter("tickstream.ingest.stale", "source", source).increment();
        }
    }

    private static boolean negative(BigDecimal value) {
        return value != null && value.signum() < 0;
    }

    private static boolean outsidePercent(BigDecimal value) {
        return value != null && (value.signum() < 0 || value.compareTo(HUNDRED) > 0);
    }

    private static String pairKey(String source, QuoteObservation quote) {
        return source + ":" + quote.symbol() + ":" + quote.quote();
    }

    private record AcceptedPrice(BigDecimal price, long sourceTime) {
    }
}
