package io.tickstream.ingest.lease;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Per-source leases in Redis, under {@code tickstream.ingest.lease.}: only the holder of a source's
 * lease polls it, so N instances never multiply the calls to a source.
 *
 * @param ttl        how long a lease lives without renewal: the longest a dead instance's sources go
 *                   unpolled; default 6s
 * @param renewEvery how often the holder renews (and others try to take free leases); default 2s
 * @param keyPrefix  Redis key prefix, one key per source; default {@code tickstream:ingest:lease:}
 */
@Validated
@ConfigurationProperties("tickstream.ingest.lease")
public record LeaseProperties(
        @DefaultValue("6s") @NotNull Duration ttl,
        @DefaultValue("2s") @NotNull Duration renewEvery,
        @DefaultValue("tickstream:ingest:lease:") @NotBlank String keyPrefix) {

    public LeaseProperties {
        if (renewEvery.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("lease renew-every (" + renewEvery + ") must be shorter than ttl (" + ttl + ")");
        }
    }
}
