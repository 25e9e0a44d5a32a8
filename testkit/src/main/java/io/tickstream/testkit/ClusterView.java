package io.tickstream.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the live nodes of a private cluster say at one moment: each node's CLUSTER INFO and CLUSTER NODES,
 * and, for a replica, its link to its master (INFO replication). The conditions a test waits for are
 * judged on every node's view, not on one: a client may ask any of them.
 */
final class ClusterView {

    private static final String ALL_SLOTS = "16384";

    private record Report(int port, Map<String, String> info, List<ClusterNode> nodes, String masterLink) {

        ClusterNode self() {
            return nodes.stream().filter(ClusterNode::myself).findFirst()
                    .orElseThrow(() -> new IllegalStateException("CLUSTER NODES of " + port + " has no myself line"));
        }

        List<ClusterMaster> masters() {
            return nodes.stream().filter(n -> n.master() && !n.troubled() && !n.slots().isEmpty())
                    .map(ClusterNode::asMaster).toList();
        }

        Optional<ClusterMaster> ownerOf(int slot) {
            return masters().stream().filter(m -> m.serves(slot)).findFirst();
        }
    }

    private final List<Integer> silent;
    private final List<Report> reports;

    private ClusterView(List<Integer> silent, List<Report> reports) {
        this.silent = silent;
        this.reports = reports;
    }

    /** Asks every node on these ports. */
    static ClusterView of(Collection<Integer> ports) {
        List<Integer> silent = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        for (int port : ports) {
            Optional<Report> report = report(port);
            report.ifPresentOrElse(reports::add, () -> silent.add(port));
        }
        return new ClusterView(List.copyOf(silent), List.copyOf(reports));
    }

    private static Optional<Report> report(int port) {
        Optional<String> info = RedisCli.query(port, "CLUSTER", "INFO");
        Optional<String> nodes = RedisCli.query(port, "CLUSTER", "NODES");
        if (info.isEmpty() || nodes.isEmpty()) {
            return Optional.empty();
        }
        List<ClusterNode> parsed = ClusterNode.parseAll(nodes.get());
        boolean replica = parsed.stream().anyMatch(n -> n.myself() && n.replica());
        String link = replica
                ? RedisCli.query(port, "INFO", "replication").map(r -> RedisCli.fields(r).get("master_link_status")).orElse(null)
                : null;
        return Optional.of(new Report(port, RedisCli.fields(info.get()), parsed, link));
    }

    /**
     * Every node answers and says {@code cluster_state:ok} with all 16384 slots served, every replica's link
     * to its master is up, and all nodes agree on which master serves which slots.
     */
    boolean ok() {
        if (!silent.isEmpty() || reports.isEmpty()) {
            return false;
        }
        for (Report report : reports) {
            if (!"ok".equals(report.info().get("cluster_state")) || !ALL_SLOTS.equals(report.info().get("cluster_slots_ok"))
                    || (report.self().replica() && !"up".equals(report.masterLink()))) {
                return false;
            }
        }
        return reports.stream().map(report -> Set.copyOf(report.masters())).distinct().count() == 1;
    }

    /**
     * {@link #ok()}, and every node sees the whole cluster and nothing else: {@code masters} masters that
     * hold slots, {@code replicas} replicas each attached to one of them, every link connected, none failing.
     */
    boolean formed(int masters, int replicas) {
        if (!ok()) {
            return false;
        }
        for (Report report : reports) {
            List<ClusterNode> nodes = report.nodes();
            Set<String> masterIds = report.masters().stream().map(ClusterMaster::id).collect(Collectors.toSet());
            boolean whole = nodes.size() == masters + replicas && masterIds.size() == masters
                    && nodes.stream().allMatch(n -> n.connected() && !n.troubled())
                    && nodes.stream().filter(ClusterNode::replica).filter(n -> masterIds.contains(n.masterId()))
                            .count() == replicas;
            if (!whole) {
                return false;
            }
        }
        return true;
    }

    /** {@link #ok()}, and on every node the slots that {@code killed} served are held by one of {@code successors}. */
    boolean promoted(ClusterMaster killed, Set<String> successors) {
        return ok() && reports.stream().allMatch(report -> killed.slots().stream().allMatch(range ->
                report.ownerOf(range.first()).map(owner -> successors.contains(owner.id())).orElse(false)));
    }

    /** {@link #ok()}, and every node sees node {@code id} as a connected replica in good standing. */
    boolean rejoinedAsReplica(String id) {
        return ok() && reports.stream().allMatch(report -> report.nodes().stream()
                .anyMatch(n -> n.id().equals(id) && n.replica() && n.connected() && !n.troubled()));
    }

    /** The masters that hold slots, as the first node that answered sees them. */
    List<ClusterMaster> masters() {
        return firstReport().masters();
    }

    /** Every node, as the first node that answered sees it. */
    List<ClusterNode> nodes() {
        return firstReport().nodes();
    }

    private Report firstReport() {
        if (reports.isEmpty()) {
            throw new IllegalStateException("no node of the cluster answers (silent: " + silent + ")");
        }
        return reports.getFirst();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!silent.isEmpty()) {
            text.append("not answering: ").append(silent).append('\n');
        }
        for (Report report : reports) {
            text.append("node ").append(report.port()).append(": cluster_state=").append(report.info().get("cluster_state"))
                    .append(" slots_ok=").append(report.info().get("cluster_slots_ok"))
                    .append(report.masterLink() == null ? "" : " master_link=" + report.masterLink()).append('\n');
            report.nodes().forEach(n -> text.append("  ").append(n.port()).append(' ').append(n.id(), 0, 8).append(' ')
                    .append(n.flags()).append(n.connected() ? "" : " disconnected").append(' ').append(n.slots()).append('\n'));
        }
        return text.toString();
    }
}
