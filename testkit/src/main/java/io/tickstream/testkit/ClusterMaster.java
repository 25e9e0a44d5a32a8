package io.tickstream.testkit;

import java.util.List;

/**
 * A master of a {@link PrivateRedisCluster} as the cluster saw it when asked (CLUSTER NODES).
 *
 * @param id    the node's cluster id
 * @param port  its client port on 127.0.0.1
 * @param slots the hash slots it serves, in ascending ranges
 */
public record ClusterMaster(String id, int port, List<SlotRange> slots) {

    public ClusterMaster {
        slots = List.copyOf(slots);
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Whether this master serves the hash slot. */
    public boolean serves(int slot) {
        return slots.stream().anyMatch(range -> range.contains(slot));
    }

    /** How many hash slots it serves. */
    public int slotCount() {
        return slots.stream().mapToInt(SlotRange::size).sum();
    }

    /** Hash slots {@code first..last}, both included. */
    public record SlotRange(int first, int last) {

        public boolean contains(int slot) {
            return slot >= first && slot <= last;
        }

        public int size() {
            return last - first + 1;
        }
    }
}
