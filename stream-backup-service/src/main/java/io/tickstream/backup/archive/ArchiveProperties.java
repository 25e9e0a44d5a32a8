package io.tickstream.backup.archive;

import io.tickstream.streams.connection.RedisConnections;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the {@code backup} consumer group archives, under {@code tickstream.backup.archive.}.
 *
 * @param enabled           consume at all; default true (the replay command line turns it off)
 * @param group             consumer group on every data stream; default {@code backup}
 * @param consumerName      this instance's consumer name; default empty = the {@code HOSTNAME} environment
 *                          variable (the pod name in Kubernetes: a StatefulSet pod that comes back under
 *                          the same name finishes its own pending entries first), else host name and pid.
 *                          Leftovers of a consumer that never comes back are reclaimed after
 *                          {@code claimMinIdle}
 * @param batchSize         most entries per read, write and acknowledgement; default 500
 * @param batchWait         longest a read blocks waiting for entries (XREADGROUP BLOCK), so the longest a
 *                          lone entry waits before it is written; default 200 ms
 * @param maxDeliveries     deliveries after which an entry that PostgreSQL keeps rejecting goes to the
 *                          dead-letter stream; default 5. Entries that cannot be decoded go there at once
 * @param redeliveryDelay   pause before entries left pending by a rejected write are tried again; default 1 s
 * @param claimMinIdle      idle time after which another consumer's pending entry is taken over
 *                          (XAUTOCLAIM); default 60 s
 * @param claimInterval     how often idle pending entries are looked for; default 15 s
 * @param backoffMin        first pause after an error (Redis or PostgreSQL down...); doubles per failure;
 *                          default 200 ms
 * @param backoffMax        longest pause between attempts while a dependency is down; default 10 s
 * @param writeTimeout      longest one batch write may take before it counts as failed; default 30 s
 * @param deadLetterMaxLength approximate cap of each dead-letter stream; default 100,000
 * @param forgetConsumersAfter consumers of the group with nothing pending and idle this long (replaced
 *                          pods) are removed from the group (XGROUP DELCONSUMER); default 24 hours
 * @param copyMinRows       rows of one table in one batch from which they are sent by {@code COPY} into a
 *                          temporary staging table and inserted from there (same {@code ON CONFLICT DO NOTHING},
 *                          same candles), instead of one statement over bound arrays; 0 = never. Default
 *                          1,000: in docs/benchmarks.md COPY wrote batches of 2,000 rows 3–35 % faster
 *                          than the insert and batches of 500 no faster, so the default batch of 500 keeps the insert
 */
@Validated
@ConfigurationProperties("tickstream.backup.archive")
public record ArchiveProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("backup") @NotBlank String group,
        @DefaultValue("") String consumerName,
        @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("200ms") @NotNull Duration batchWait,
        @DefaultValue("5") @Min(1) int maxDeliveries,
        @DefaultValue("1s") @NotNull Duration redeliveryDelay,
        @DefaultValue("60s") @NotNull Duration claimMinIdle,
        @DefaultValue("15s") @NotNull Duration claimInterval,
        @DefaultValue("200ms") @NotNull Duration backoffMin,
        @DefaultValue("10s") @NotNull Duration backoffMax,
        @DefaultValue("30s") @NotNull Duration writeTimeout,
        @DefaultValue("100000") @Min(1000) long deadLetterMaxLength,
        @DefaultValue("24h") @NotNull Duration forgetConsumersAfter,
        @DefaultValue("" + ArchiveProperties.DEFAULT_COPY_MIN_ROWS) @Min(0) int copyMinRows) {

    /** The default of {@link #copyMinRows()}. */
    public static final int DEFAULT_COPY_MIN_ROWS = 1000;

    public ArchiveProperties {
        if (batchWait != null && batchWait.compareTo(RedisConnections.COMMAND_TIMEOUT) >= 0) {
            throw new IllegalArgumentException("batch-wait must be below the Redis command timeout of "
                    + RedisConnections.COMMAND_TIMEOUT + ", was " + batchWait);
        }
    }

    /** The consumer name to use: {@link #consumerName()} or one derived from the host. */
    public String resolvedConsumerName() {
        if (!consumerName.isBlank()) {
            return consumerName;
        }
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "backup";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
