package io.tickstream.push.channel;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Channel state and recovery, under {@code tickstream.push.channels.}.
 *
 * @param historySize updates kept per channel for replay after a reconnect ({@code since}); a client
 *                    that missed more gets {@code recovered:false} and a fresh snapshot. Memory is
 *                    about channels x historySize x message size; default 500
 * @param maxChannels channels held at once (every symbol seen on the stream or subscribed to is one);
 *                    subscribing beyond it is refused with {@code channel_limit}; default 10,000
 * @param tradeTapeSize      trades a trade tape channel ({@code trades:BTC}, …) holds, the snapshot a subscriber gets
 *                           (the most recent first); default 50
 * @param tradeDedupeWindow  idempotency keys of the last trades per channel checked against a new one, so a
 *                           feed's reconnect overlap or a gap fill shows no trade twice; at least
 *                           {@code tradeTapeSize}; default 1,000
 */
@Validated
@ConfigurationProperties("tickstream.push.channels")
public record ChannelsProperties(
        @DefaultValue("500") @Min(1) @Max(100_000) int historySize,
        @DefaultValue("10000") @Min(3) int maxChannels,
        @DefaultValue("50") @Min(1) @Max(1_000) int tradeTapeSize,
        @DefaultValue("1000") @Min(1) @Max(100_000) int tradeDedupeWindow) {
}
