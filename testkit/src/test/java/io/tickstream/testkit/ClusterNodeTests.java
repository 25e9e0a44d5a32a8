package io.tickstream.testkit;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterNodeTests {

    private static final String NODES = """
            07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@40004 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
            67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@40002 master - 0 1426238316232 2 connected 5461-10922
            292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@40003,node-3 master - 0 1426238318243 3 connected 10923-16383 [77->-e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca]
            6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@40005 slave 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 0 1426238316232 5 connected
            824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:30006@40006 slave,fail 292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 0 1426238317741 6 disconnected
            e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460 5500
            """;

    @Test
    void readsRolesPortsAndSlotRanges() {
        List<ClusterNode> nodes = ClusterNode.parseAll(NODES);

        assertThat(nodes).hasSize(6);
        ClusterNode self = nodes.get(5);
        assertThat(self.myself()).isTrue();
        assertThat(self.master()).isTrue();
        assertThat(self.port()).isEqualTo(30001);
        assertThat(self.slots()).containsExactly(new ClusterMaster.SlotRange(0, 5460), new ClusterMaster.SlotRange(5500, 5500));
        assertThat(self.asMaster().slotCount()).isEqualTo(5462);
        assertThat(self.asMaster().serves(5500)).isTrue();
        assertThat(self.asMaster().serves(5499)).isFalse();

        ClusterNode replica = nodes.getFirst();
        assertThat(replica.replica()).isTrue();
        assertThat(replica.masterId()).isEqualTo(self.id());
        assertThat(replica.slots()).isEmpty();
    }

    @Test
    void leavesMigratingSlotsOutAndReadsAHostnameAfterTheBusPort() {
        ClusterNode third = ClusterNode.parseAll(NODES).get(2);

        assertThat(third.port()).isEqualTo(30003);
        assertThat(third.slots()).containsExactly(new ClusterMaster.SlotRange(10923, 16383));
    }

    @Test
    void aFailedDisconnectedNodeIsTroubled() {
        List<ClusterNode> nodes = ClusterNode.parseAll(NODES);

        assertThat(nodes.get(4).troubled()).isTrue();
        assertThat(nodes.get(4).connected()).isFalse();
        assertThat(nodes.get(1).troubled()).isFalse();
        assertThat(ClusterNode.parse("aa 127.0.0.1:1@10001 master,fail? - 0 0 1 connected 0-1").troubled()).isTrue();
    }

    @Test
    void aLineThatIsNotANodeIsRefused() {
        assertThatThrownBy(() -> ClusterNode.parse("ERR This instance has cluster support disabled"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CLUSTER NODES line");
    }
}
