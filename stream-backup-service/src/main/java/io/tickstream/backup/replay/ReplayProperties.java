package io.tickstream.backup.replay;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replay of archived history into the streams, under {@code tickstream.backup.replay.}.
 *
 * @param defaultRate  entries per second when a request names none; default 2,000
 * @param maxRate      the highest rate a request may ask for; default 50,000
 * @param pageSize     rows read from PostgreSQL per query (keyset pagination); default 1,000
 * @param maxJobs      finished jobs remembered for {@code GET /admin/replay}; default 50
 * @param commandLine  run as a one-shot command line replay (set by {@code java -jar ... replay}); default false
 */
@Validated
@ConfigurationProperties("tickstream.backup.replay")
public record ReplayProperties(
        @DefaultValue("2000") @Min(1) int defaultRate,
        @DefaultValue("50000") @Min(1) int maxRate,
        @DefaultValue("1000") @Min(10) @Max(50_000) int pageSize,
        @DefaultValue("50") @Min(1) int maxJobs,
        @DefaultValue("false") boolean commandLine) {
}
