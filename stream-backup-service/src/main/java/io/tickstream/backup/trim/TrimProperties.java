package io.tickstream.backup.trim;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Stream trimming and backlog checks, under {@code tickstream.backup.trim.}. This service owns the
 * trimming of the data streams: entries leave a stream only once the {@code backup} group has committed
 * them and they are older than {@code retain}; the ingest service's {@code MAXLEN} cap is a last-resort
 * memory guard, and when it drops entries the group has not archived, that is counted and logged.
 *
 * @param enabled  trim at all; default true. Backlog metrics and guard checks run either way
 * @param interval how often each stream is inspected (and trimmed); default 10 s
 * @param retain   how long archived entries stay in the stream for live readers that resume from an
 *                 offset (push, query); default 1 hour. Zero trims everything archived
 */
@Validated
@ConfigurationProperties("tickstream.backup.trim")
public record TrimProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") @NotNull Duration interval,
        @DefaultValue("1h") @NotNull Duration retain) {
}
