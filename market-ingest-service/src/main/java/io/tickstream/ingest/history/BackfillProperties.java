package io.tickstream.ingest.history;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The history backfill, under {@code tickstream.ingest.backfill.}: each enabled source's 1-minute bars of every
 * tracked symbol, from its history API, appended as {@code bar} entries to {@code crypto:bars}.
 *
 * @param enabled     backfill at all; default true
 * @param onStart     start a backfill when this instance starts (it resumes where an earlier one stopped);
 *                    default true
 * @param depth       how far back; default 30 days (Kraken serves only its last 720 minutes)
 * @param keyPrefix   Redis hash per source holding each symbol's progress (the newest bar appended of the recent
 *                    part under the symbol, e.g. {@code BTC}, the oldest of the older part under {@code BTC:older});
 *                    default {@code tickstream:ingest:backfill:}
 * @param recentFirst the last part of the depth loaded for every symbol before any symbol's older history, so every
 *                    chart and the hourly indicators (50 hours for ema50) have data soon after a fresh start; the
 *                    older part follows, newest page first; {@code 0} loads each symbol's whole depth, oldest page
 *                    first, before the next symbol; default 3 days
 */
@Validated
@ConfigurationProperties("tickstream.ingest.backfill")
public record BackfillProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean onStart,
        @DefaultValue("30d") @NotNull Duration depth,
        @DefaultValue("tickstream:ingest:backfill:") String keyPrefix,
        @DefaultValue("3d") @NotNull Duration recentFirst) {
}
