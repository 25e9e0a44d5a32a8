package io.tickstream.gateway.access;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The access log, under {@code tickstream.gateway.access-log.}. Lines are written in batches by a
 * thread of their own; the logger level of {@code tickstream.access} switches them on and off
 * ({@code LOGGING_LEVEL_TICKSTREAM_ACCESS=OFF}), at run time too.
 *
 * @param bufferLines   lines held while the writer catches up; beyond that new lines are dropped and
 *                      counted ({@code tickstream.gateway.access.dropped}), requests never wait;
 *                      default 16384
 * @param flushInterval longest time a line waits before it is written; default 100ms
 */
@Validated
@ConfigurationProperties("tickstream.gateway.access-log")
public record AccessLogProperties(
        @DefaultValue("16384") @Min(16) @Max(1_048_576) int bufferLines,
        @DefaultValue("100ms") Duration flushInterval) {

    public AccessLogProperties {
        if (flushInterval.isNegative() || flushInterval.isZero() || flushInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("tickstream.gateway.access-log.flush-interval must be within (0, 10s]");
        }
    }
}
