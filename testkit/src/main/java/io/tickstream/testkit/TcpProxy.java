package io.tickstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy a test can cut, to simulate a server outage without stopping the shared server:
 * {@link #cut()} closes every connection and refuses new ones; {@link #restore()} listens again on the
 * same port. {@link #blackhole()} instead keeps every connection open and accepts new ones, but forwards
 * nothing in either direction until {@link #resume()}: no reset, no FIN, no answer, as when a network drops
 * packets. The bytes held back are delivered on {@link #resume()}, as TCP retransmission would deliver them
 * after a short partition. Note the limit of a user-space proxy: this machine's kernel still acknowledges
 * what the clients send, so TCP keepalive and {@code TCP_USER_TIMEOUT} on the clients' side never fire here;
 * only timeouts above TCP (command timeouts, read deadlines, pings) notice this blackhole.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private final int port;
    private final Object flow = new Object();
    private volatile boolean blackholed;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** Drops every connection and refuses new ones. */
    public synchronized void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Accepts connections again. */
    public synchronized void restore() throws IOException {
        server = listen(port);
        accept(server);
    }

    @Override
    public void close() throws IOException {
        resume();
        cut();
    }

    /** Stops forwarding on every connection, open or new, without closing any (see the class comment). */
    public void blackhole() {
        blackholed = true;
    }

    /** Forwards again, the bytes held back first. */
    public void resume() {
        synchronized (flow) {
            blackholed = false;
            flow.notifyAll();
        }
    }

    /** True between {@link #blackhole()} and {@link #resume()}. */
    public boolean blackholed() {
        return blackholed;
    }

    private void awaitFlowing() throws IOException {
        synchronized (flow) {
            while (blackholed) {
                try {
                    flow.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while blackholed", e);
                }
            }
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private void accept(ServerSocket listening) {
        Thread.ofVirtual().start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed by cut()
                }
            }
        });
    }

    private void pipe(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitFlowing(); // a blackhole holds what was read (and, unread, the rest) until resume()
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }
}
