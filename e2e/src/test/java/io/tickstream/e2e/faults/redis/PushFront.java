package io.tickstream.e2e.faults.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * What a Kubernetes Service is to the push pods, for a test: one TCP port in front of several push instances.
 * Each new connection goes to the next instance in turn that accepts one (an instance that is down or has closed
 * its port is skipped, as an endpoint that left the Service would be); an open connection stays where it is until
 * either side closes it. The gateway's {@code PUSH_URI} points here, so WebSocket clients that the push service
 * closes with 1001 on shutdown reconnect through the gateway to a surviving instance.
 */
final class PushFront implements AutoCloseable {

    private final List<IntSupplier> ports;
    private final ServerSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    PushFront(List<IntSupplier> ports) throws IOException {
        this.ports = List.copyOf(ports);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().name("push-front").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> route(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void route(Socket client) {
        int start = next.getAndIncrement();
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(Math.floorMod(start + i, ports.size())).getAsInt();
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
                return;
            } catch (IOException e) {
                // that instance is not listening: the next
            }
        }
        close(client);
    }

    private void pipe(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side went away
            } finally {
                close(from);
                close(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        });
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(PushFront::close);
    }
}
