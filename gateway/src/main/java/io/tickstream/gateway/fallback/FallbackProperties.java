package io.tickstream.gateway.fallback;

import io.tickstream.common.stream.StreamKeys;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway finds the last known quotes when the query service is down, under
 * {@code tickstream.gateway.fallback.}.
 *
 * @param marketDataStream base name of the quote streams (read per partition, {@code tickstream.streams.partitions});
 *                         default {@code crypto:market_data}
 */
@Validated
@ConfigurationProperties("tickstream.gateway.fallback")
public record FallbackProperties(@DefaultValue(StreamKeys.MARKET_DATA) @NotBlank String marketDataStream) {
}
