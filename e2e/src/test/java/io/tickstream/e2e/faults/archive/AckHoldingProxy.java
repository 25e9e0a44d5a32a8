package io.tickstream.e2e.faults.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of Redis that, once {@link #holdNextAck() armed}, stops the first {@code XACK} a
 * client sends: the bytes carrying it (and whatever the client pipelined in the same read) are swallowed and
 * that connection forwards nothing more towards Redis, while Redis' answers to earlier commands still flow
 * back. The future completes at that moment. Since the group consumer acknowledges a batch only after the
 * archive's commit returned, a held {@code XACK} means: the batch is committed, its acknowledgement never
 * reached Redis. A SIGKILL then is exactly "after the commit, before the XACK", without any timing luck.
 *
 * <p>The command is recognised by its RESP bulk string ({@code $4\r\nXACK\r\n}) within one read; Lettuce writes
 * a command in one piece, so it is not split across reads in practice.
 */
final class AckHoldingProxy implements AutoCloseable {

    private static final byte[] XACK = "$4\r\nXACK\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> armed;

    AckHoldingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Arms the proxy: the next XACK is held; the future completes when it was. */
    CompletableFuture<Void> holdNextAck() {
        CompletableFuture<Void> held = new CompletableFuture<>();
        armed = held;
        return held;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> forwardCommands(client, upstream));
                Thread.ofVirtual().start(() -> forwardReplies(upstream, client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void forwardCommands(Socket client, Socket upstream) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                CompletableFuture<Void> hold = armed;
                if (hold != null && contains(buffer, n, XACK)) {
                    armed = null;
                    hold.complete(null);
                    // hold it forever: nothing more of this connection reaches Redis; the client dies with it open
                    while (in.read(buffer) >= 0) {
                        // swallowed
                    }
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // connection closed
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static void forwardReplies(Socket upstream, Socket client) {
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // connection closed
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
