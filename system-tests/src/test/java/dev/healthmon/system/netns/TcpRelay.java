package dev.healthmon.system.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Relays every TCP connection made to one address to another, byte for byte both ways, until closed. */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final String toHost;
    private final int toPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private TcpRelay(ServerSocket listener, String toHost, int toPort) {
        this.listener = listener;
        this.toHost = toHost;
        this.toPort = toPort;
    }

    static TcpRelay start(String host, int port, String toHost, int toPort) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            TcpRelay relay = new TcpRelay(listener, toHost, toPort);
            daemon(relay::accept, "relay-" + host + ":" + port);
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket in = listener.accept();
                Socket out = new Socket(toHost, toPort);
                sockets.add(in);
                sockets.add(out);
                daemon(() -> pump(in, out), "relay-in");
                daemon(() -> pump(out, in), "relay-out");
            } catch (IOException e) {
                // Closed, or a connection that failed: the next one is accepted.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream input = from.getInputStream(); OutputStream output = to.getOutputStream()) {
            input.transferTo(output);
        } catch (IOException e) {
            // One side went away: both are closed below.
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(this::close);
    }
}
