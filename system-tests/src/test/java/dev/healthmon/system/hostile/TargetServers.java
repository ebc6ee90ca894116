package dev.healthmon.system.hostile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The targets' servers, run as a process of their own inside the targets' network namespace (a process belongs to
 * one namespace: the test's JVM cannot listen in another). On every address of the namespace:
 * <ul>
 *   <li>{@value #HEALTHY}: HTTP, answers 200 at once;</li>
 *   <li>{@value #LATE}: HTTP, answers 200 after the first argument's milliseconds (slower than a probe's timeout);</li>
 *   <li>{@value #SLOWISH}: HTTP, answers 200 after the second argument's milliseconds (within the timeout, but
 *       slower than a target's {@code maxResponseTime});</li>
 *   <li>{@value #SILENT}: TCP, accepts and never says a word (a TLS handshake or an expected banner never
 *       comes);</li>
 *   <li>{@value #DNS} UDP: a name server that reads every query and never answers.</li>
 * </ul>
 * Prints {@code target-servers ready} once all listen.
 */
public final class TargetServers {

    public static final int HEALTHY = 80;
    public static final int LATE = 81;
    public static final int SLOWISH = 82;
    public static final int SILENT = 443;
    public static final int DNS = 53;

    private TargetServers() {
    }

    // A late answer handles its own failure (the prober gave up first): the scheduled futures tell nothing more.
    @SuppressWarnings("FutureReturnValueIgnored")
    public static void main(String[] args) throws Exception {
        long lateMs = Long.parseLong(args[0]);
        long slowishMs = Long.parseLong(args[1]);
        ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
        http(HEALTHY, exchange -> answer(exchange));
        http(LATE, exchange -> answers.schedule(() -> answer(exchange), lateMs, TimeUnit.MILLISECONDS));
        http(SLOWISH, exchange -> answers.schedule(() -> answer(exchange), slowishMs, TimeUnit.MILLISECONDS));
        silentTcp();
        silentDns();
        System.out.println("target-servers ready");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void http(int port, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 1024);
        server.createContext("/", handler::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    private static void answer(HttpExchange exchange) {
        byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            // The prober gave up first: nothing to answer.
        }
    }

    private static void silentTcp() throws IOException {
        ServerSocket listener = new ServerSocket(SILENT, 1024);
        List<Socket> held = new ArrayList<>();
        daemon(() -> {
            while (true) {
                try {
                    Socket socket = listener.accept();
                    synchronized (held) {
                        // Kept open, unread, until the prober closes it: then dropped at the next accept.
                        held.removeIf(Socket::isClosed);
                        held.add(socket);
                    }
                    daemon(() -> drain(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Reads until the prober closes the connection, then closes this end: the server holds nothing after. */
    private static void drain(Socket socket) {
        try (socket) {
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // Closed by the prober.
        }
    }

    private static void silentDns() throws IOException {
        DatagramSocket socket = new DatagramSocket(DNS);
        daemon(() -> {
            byte[] query = new byte[512];
            while (true) {
                try {
                    socket.receive(new DatagramPacket(query, query.length));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(false);
        thread.start();
    }
}
