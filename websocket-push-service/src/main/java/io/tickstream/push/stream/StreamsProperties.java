package io.tickstream.push.stream;

import io.tickstream.common.stream.StreamKeys;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Which streams the push service tails and how, under {@code tickstream.push.streams.}.
 *
 * @param marketData    base name of the quote streams, one per partition ({@code crypto:market_data:{p3}},
 *                      {@code tickstream.streams.partitions}); default {@code crypto:market_data}
 * @param dashboard     stream of market summaries; default {@code crypto:dashboard}
 * @param health        stream of source health transitions; default {@code system:health}
 * @param epochKey      prefix of the Redis keys holding the epochs, one per read loop in its streams' hash
 *                      slot ({@code tickstream:push:epoch:{p3}} on a cluster, one key on a single Redis), a
 *                      random id created with {@code SET NX} when absent: it changes exactly when the Redis
 *                      holding those streams lost its data; default {@code tickstream:push:epoch}
 * @param block         how long one {@code XREAD BLOCK} waits on the tailer's own connection (never
 *                      the shared one); also how often the epoch is checked when streams are quiet;
 *                      default 1 s
 * @param batchSize     entries per {@code XREAD} per stream ({@code COUNT}); default 1,000
 * @param warmupEntries entries read back from each stream at start to build the channels' state and
 *                      their replay history; default 10,000
 * @param retryDelay    pause after a failed read before trying again; default 1 s
 * @param startupWait   how long start-up waits for the first warm-up before the server takes
 *                      connections; past it the instance starts anyway, reports not ready and refuses
 *                      handshakes with 503 until the warm-up is done; default 10 s
 * @param trades        base name of the trade streams, partitioned by symbol like {@code marketData}
 *                      ({@code crypto:trades:{p3}}), feeding the trade tape channels ({@code trades:BTC}, …); default
 *                      {@code crypto:trades}
 */
@Validated
@ConfigurationProperties("tickstream.push.streams")
public record StreamsProperties(
        @DefaultValue(StreamKeys.MARKET_DATA) @NotBlank String marketData,
        @DefaultValue(StreamKeys.DASHBOARD) @NotBlank String dashboard,
        @DefaultValue(StreamKeys.HEALTH) @NotBlank String health,
        @DefaultValue("tickstream:push:epoch") @NotBlank String epochKey,
        @DefaultValue("1s") @NotNull Duration block,
        @DefaultValue("1000") @Min(1) @Max(100_000) int batchSize,
        @DefaultValue("10000") @Min(0) @Max(1_000_000) int warmupEntries,
        @DefaultValue("1s") @NotNull Duration retryDelay,
        @DefaultValue("10s") @NotNull Duration startupWait,
        @DefaultValue(StreamKeys.TRADES) @NotBlank String trades) {
}
