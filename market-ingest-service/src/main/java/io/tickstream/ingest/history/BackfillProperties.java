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
 * @param enabled   backfill at all; default true
 * @param onStart   start a backfill when this instance starts (it resumes where an earlier one stopped);
 *                  default true
 * @param depth     how far back; default 30 days (Kraken serves only its last 720 minutes)
 * @param keyPrefix Redis hash per source holding each symbol's progress (the newest bar appended);
 *                  default {@code tickstream:ingest:backfill:}
 */
@Validated
@ConfigurationProperties("tickstream.ingest.backfill")
public record BackfillProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean onStart,
        @DefaultValue("30d") @NotNull Duration depth,
        @DefaultValue("tickstream:ingest:backfill:") String keyPrefix) {
}
