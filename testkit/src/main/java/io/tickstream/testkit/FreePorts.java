package io.tickstream.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for private Redis nodes. Ports are drawn from 16000..22767, below the
 * kernel's ephemeral range (32768 and up), so that an outgoing connection cannot take a port between
 * the check here and the server's bind; a cluster node also needs its bus port (port + 10000), which
 * then stays below 32768 as well. Never 6379.
 */
final class FreePorts {

    static final int BUS_OFFSET = 10_000;
    private static final int LOWEST = 16_000;
    private static final int HIGHEST = 22_767;
    private static final int ATTEMPTS = 2_000;

    private FreePorts() {
    }

    /** {@code count} distinct free ports. */
    static List<Integer> pick(int count) {
        return pick(count, false);
    }

    /** {@code count} distinct free ports whose bus ports (port + 10000) are free too and not among them. */
    static List<Integer> pickWithBus(int count) {
        return pick(count, true);
    }

    private static List<Integer> pick(int count, boolean withBus) {
        List<Integer> ports = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int attempt = 0; attempt < ATTEMPTS && ports.size() < count; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
            int bus = port + BUS_OFFSET;
            if (taken.contains(port) || (withBus && taken.contains(bus)) || !free(port) || (withBus && !free(bus))) {
                continue;
            }
            ports.add(port);
            taken.add(port);
            if (withBus) {
                taken.add(bus);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("no " + count + " free ports between " + LOWEST + " and " + HIGHEST);
        }
        return List.copyOf(ports);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
