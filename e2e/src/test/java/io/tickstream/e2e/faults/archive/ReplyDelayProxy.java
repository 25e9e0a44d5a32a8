package io.tickstream.e2e.faults.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy in front of Redis that can hold back the server's replies: commands reach Redis at once (and run),
 * while every reply read from Redis is passed on only {@link #delayReplies(Duration) delay} later, in order. With a
 * delay above the client's command timeout, a command times out at the client although Redis ran it: the case of
 * an append that "failed" and is retried. The delay applies to replies read while it is set.
 */
final class ReplyDelayProxy implements AutoCloseable {

    private record Chunk(long releaseAtNanos, byte[] bytes) {
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long delayNanos;

    ReplyDelayProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Replies read from now on are passed on {@code delay} later; {@link Duration#ZERO} ends the delay. */
    void delayReplies(Duration delay) {
        delayNanos = delay.toNanos();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> forwardCommands(client, upstream));
                BlockingQueue<Chunk> replies = new LinkedBlockingQueue<>();
                Thread.ofVirtual().start(() -> readReplies(upstream, client, replies));
                Thread.ofVirtual().start(() -> writeReplies(replies, client, upstream));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void forwardCommands(Socket client, Socket upstream) {
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void readReplies(Socket upstream, Socket client, BlockingQueue<Chunk> replies) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = upstream.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                replies.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
            }
        } catch (IOException e) {
            // closed
        } finally {
            replies.add(new Chunk(0, null));
        }
    }

    private static void writeReplies(BlockingQueue<Chunk> replies, Socket client, Socket upstream) {
        try (OutputStream out = client.getOutputStream()) {
            while (true) {
                Chunk chunk = replies.take();
                if (chunk.bytes() == null) {
                    return;
                }
                long wait = chunk.releaseAtNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // closed
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
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
