package io.tickstream.push.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelNamesTests {

    @Test
    void tickersAndTradesOfCanonicalSymbolsDashboardAndHealthAreChannels() {
        assertThat(ChannelNames.isValid("ticker:BTC")).isTrue();
        assertThat(ChannelNames.isValid("ticker:1INCH")).isTrue();
        assertThat(ChannelNames.isValid("dashboard")).isTrue();
        assertThat(ChannelNames.isValid("health")).isTrue();
        assertThat(ChannelNames.isValid("ticker:btc")).as("not canonical").isFalse();
        assertThat(ChannelNames.isValid("ticker:XBT")).as("an alias, BTC is canonical").isFalse();
        assertThat(ChannelNames.isValid("ticker:")).isFalse();
        assertThat(ChannelNames.isValid("trades:BTC")).as("the trade tape").isTrue();
        assertThat(ChannelNames.isValid("trades:btc")).isFalse();
        assertThat(ChannelNames.isValid("trades:")).isFalse();
        assertThat(ChannelNames.isValid("trade:BTC")).isFalse();
        assertThat(ChannelNames.isValid(null)).isFalse();
    }

    @Test
    void aTradeTapeIsFedFromItsSymbolsTradePartitionInTheSlotOfItsQuotes() {
        ChannelStreams streams = new ChannelStreams(io.tickstream.common.stream.Partitions.defaults(), "md", "d", "h", "tr");
        assertThat(streams.streamOf("trades:BTC")).isEqualTo(streams.partitions().keyFor("tr", "BTC"));
        assertThat(streams.streamOf("ticker:BTC")).isEqualTo(streams.partitions().keyFor("md", "BTC"));
        assertThat(io.tickstream.common.stream.KeySlots.slot(streams.streamOf("trades:BTC")))
                .isEqualTo(io.tickstream.common.stream.KeySlots.slot(streams.streamOf("ticker:BTC")));
        assertThat(streams.all()).containsAll(streams.partitions().keys("tr")).contains("d", "h")
                .hasSize(2 * streams.partitions().count() + 2);
    }

    @Test
    void offsetsCompareAsStreamIdsNotAsText() {
        assertThat(Offsets.isValid("1763800000000-0")).isTrue();
        assertThat(Offsets.isValid("1763800000000")).isFalse();
        assertThat(Offsets.isValid("-1-0")).isFalse();
        assertThat(Offsets.compare("9-0", "10-0")).isNegative();
        assertThat(Offsets.compare("10-2", "10-10")).isNegative();
        assertThat(Offsets.compare("10-10", "10-10")).isZero();
        assertThat(Offsets.compare("11-0", "10-99")).isPositive();
    }
}
