package dev.healthmon.prober.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An address that never answers a SYN, as behind a firewall that drops packets or for a host that is gone, made
 * without privileges: a listener that never accepts, whose accept queue is full, so that the kernel drops every
 * further SYN and a client's socket stays in {@code SYN-SENT}. Also counts this process's sockets and descriptors.
 */
public final class BlackHole implements AutoCloseable {

    private static final String SYN_SENT = "02";

    private final ServerSocket listener;
    private final List<Socket> queued = new ArrayList<>();

    BlackHole() {
        this(InetAddress.getLoopbackAddress());
    }

    /** A black hole at {@code address}, a local one, on a port of its own. */
    public BlackHole(InetAddress address) {
        try {
            listener = new ServerSocket(0, 1, address);
            // Fills the accept queue: once it is full, a connection attempt times out instead of completing.
            while (true) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(address, port()), 300);
                    queued.add(socket);
                } catch (SocketTimeoutException full) {
                    socket.close();
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** This process's sockets in {@code SYN-SENT} towards the black hole. */
    long synSent() {
        return sockets(port(), SYN_SENT);
    }

    /** This process's TCP sockets towards {@code remotePort} in {@code state} (two hex digits, as the kernel lists). */
    static long sockets(int remotePort, String state) {
        String port = String.format(Locale.ROOT, ":%04X", remotePort);
        long count = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                // Columns: sl local_address rem_address st ...
                count += Files.readAllLines(Path.of(table)).stream().skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields[2].endsWith(port) && fields[3].equals(state)).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    /** The descriptors this process has open. */
    static long descriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : queued) {
            socket.close();
        }
        listener.close();
    }
}
