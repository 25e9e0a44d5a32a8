package io.tickstream.gateway.collapse;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Collapsed forwarding of identical reads on {@code /api/**}, under {@code tickstream.gateway.collapse.}:
 * a GET that arrives while the same GET is already on its way to the query service waits for that
 * answer instead of making a call of its own. Nothing is kept once the answer is out, so no client gets
 * an answer older than its own request's wait; see {@link CollapseFilter} for what is shared and what
 * never is.
 *
 * @param enabled      collapse identical reads; default true
 * @param maxInFlight  distinct reads collapsed at once; a read beyond that makes its own call; default 1000
 * @param maxBodySize  largest answer shared, held whole while it is handed out (so at most
 *                     {@code max-in-flight} × this much memory); a larger one, or one without
 *                     {@code Content-Length}, goes to its own caller only, and the waiting reads make their
 *                     own calls; default 64KB (a quote is ~0.5 KB, 60 candles ~8 KB)
 * @param waitLimit    longest a request waits for another's answer before it makes its own call;
 *                     default 5s (the {@code /api} route's time limit)
 */
@Validated
@ConfigurationProperties("tickstream.gateway.collapse")
public record CollapseProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxInFlight,
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        @DefaultValue("5s") @NotNull Duration waitLimit) {

    public CollapseProperties {
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > DataSize.ofMegabytes(16).toBytes()) {
            throw new IllegalArgumentException("tickstream.gateway.collapse.max-body-size must be within [1B, 16MB]");
        }
        if (waitLimit.isNegative() || waitLimit.isZero() || waitLimit.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("tickstream.gateway.collapse.wait-limit must be within (0, 1m]");
        }
    }
}
