package io.tickstream.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line of CLUSTER NODES: {@code <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot>...}.
 * Slots in migration ({@code [slot->-id]}) are left out: a private cluster does not reshard.
 */
record ClusterNode(String id, int port, Set<String> flags, String masterId, boolean connected,
        List<ClusterMaster.SlotRange> slots) {

    static List<ClusterNode> parseAll(String clusterNodes) {
        return clusterNodes.lines().map(String::strip).filter(line -> !line.isEmpty()).map(ClusterNode::parse).toList();
    }

    static ClusterNode parse(String line) {
        String[] fields = line.split(" ");
        if (fields.length < 8) {
            throw new IllegalArgumentException("not a CLUSTER NODES line: " + line);
        }
        String address = fields[1];
        int at = address.indexOf('@');
        int end = at < 0 ? address.length() : at;
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':', end) + 1, end));
        List<ClusterMaster.SlotRange> slots = new ArrayList<>();
        for (int i = 8; i < fields.length; i++) {
            if (fields[i].startsWith("[")) {
                continue;
            }
            String[] range = fields[i].split("-");
            int first = Integer.parseInt(range[0]);
            slots.add(new ClusterMaster.SlotRange(first, range.length > 1 ? Integer.parseInt(range[1]) : first));
        }
        return new ClusterNode(fields[0], port, Set.of(fields[2].split(",")), fields[3], "connected".equals(fields[7]),
                slots);
    }

    boolean myself() {
        return flags.contains("myself");
    }

    boolean master() {
        return flags.contains("master");
    }

    boolean replica() {
        return flags.contains("slave");
    }

    /** Marked failing ({@code fail}) or suspected ({@code fail?}), or not yet or no longer a full member. */
    boolean troubled() {
        return flags.contains("fail") || flags.contains("fail?") || flags.contains("handshake") || flags.contains("noaddr");
    }

    ClusterMaster asMaster() {
        return new ClusterMaster(id, port, slots);
    }
}
