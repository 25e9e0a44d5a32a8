package io.tickstream.common.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionsTests {

    @Test
    void slotsAreRedisClustersSlots() {
        // values from the Redis Cluster specification and `redis-cli CLUSTER KEYSLOT`
        assertThat(KeySlots.crc16("123456789".getBytes())).isEqualTo(0x31C3);
        assertThat(KeySlots.slot("foo")).isEqualTo(12182);
        assertThat(KeySlots.slot("{user1000}.following")).isEqualTo(KeySlots.slot("user1000"));
        assertThat(KeySlots.hashTag("foo{}{bar}")).isEqualTo("foo{}{bar}");
        assertThat(KeySlots.hashTag("foo{{bar}}zap")).isEqualTo("{bar");
        assertThat(KeySlots.hashTag("foo{bar}{zap}")).isEqualTo("bar");
    }

    @Test
    void theDefaultLayoutHasTwelveTaggedPartitions() {
        Partitions partitions = Partitions.defaults();
        List<String> keys = partitions.keys(StreamKeys.MARKET_DATA);
        assertThat(keys).hasSize(12).doesNotHaveDuplicates().allMatch(k -> k.startsWith("crypto:market_data:{p"));
        assertThat(keys.getFirst()).isEqualTo("crypto:market_data:{" + partitions.tag(0) + "}");
        assertThat(keys).allMatch(KeySlots::hasHashTag);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 12, 16, 64, 1024})
    void partitionsSpreadEvenlyOverTheSlotSpace(int count) {
        Partitions partitions = new Partitions(count);
        Set<Integer> slots = new HashSet<>();
        for (int p = 0; p < count; p++) {
            int slot = KeySlots.slot(partitions.key("crypto:market_data", p));
            assertThat(slot).isBetween(p * KeySlots.SLOTS / count, (p + 1) * KeySlots.SLOTS / count - 1);
            slots.add(slot);
        }
        assertThat(slots).hasSize(count);
    }

    @Test
    void twelvePartitionsPutFourOnEachOfThreeMastersWithEqualSlotRanges() {
        // redis-cli --cluster create with 3 masters: 0-5460, 5461-10922, 10923-16383
        Map<Integer, Integer> perMaster = new TreeMap<>();
        for (String key : Partitions.defaults().keys(StreamKeys.MARKET_DATA)) {
            int slot = KeySlots.slot(key);
            perMaster.merge(slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2, 1, Integer::sum);
        }
        assertThat(perMaster).containsExactlyInAnyOrderEntriesOf(Map.of(0, 4, 1, 4, 2, 4));
    }

    @Test
    void aSymbolAlwaysLandsInTheSamePartitionAndSymbolsSpread() {
        Partitions partitions = Partitions.defaults();
        assertThat(partitions.of("BTC")).isEqualTo(partitions.of("BTC")).isBetween(0, 11);
        Set<Integer> used = new HashSet<>();
        for (String symbol : List.of("BTC", "ETH", "SOL", "XRP", "ADA", "DOGE", "DOT", "AVAX", "LINK", "LTC",
                "BNB", "TRX", "MATIC", "ATOM", "XLM", "UNI", "ETC", "FIL", "APT", "NEAR")) {
            used.add(partitions.of(symbol));
        }
        assertThat(used.size()).isGreaterThanOrEqualTo(7);
        assertThat(partitions.keyFor("x", "BTC")).isEqualTo(partitions.key("x", partitions.of("BTC")));
        assertThat(partitions.isPartitionOf("x", partitions.key("x", 3))).isTrue();
        assertThat(partitions.isPartitionOf("x", "x")).isFalse();
    }

    @Test
    void companionKeysShareTheirStreamsSlot() {
        String partition = Partitions.defaults().key(StreamKeys.MARKET_DATA, 5);
        assertThat(StreamKeys.companion(partition, "ingest:last")).isEqualTo(partition + ":ingest:last");
        assertThat(StreamKeys.companion(StreamKeys.DASHBOARD, "ingest:last")).isEqualTo("{crypto:dashboard}:ingest:last");
        for (String stream : StreamKeys.dataStreams(Partitions.defaults())) {
            assertThat(KeySlots.slot(StreamKeys.companion(stream, "ingest:last"))).isEqualTo(KeySlots.slot(stream));
            assertThat(KeySlots.slot(StreamKeys.inSlotOf("tickstream:push:epoch", stream))).isEqualTo(KeySlots.slot(stream));
        }
    }

    @Test
    void aCountOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new Partitions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Partitions(1025)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Partitions.defaults().tag(12)).isInstanceOf(IllegalArgumentException.class);
    }
}
