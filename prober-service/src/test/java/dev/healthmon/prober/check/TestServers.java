package dev.healthmon.prober.check;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real servers the check tests talk to: an HTTP server whose paths behave as named (ok, status codes, slow,
 * stalling, redirects, closing, large bodies, flaky), optionally over TLS, and helpers for TCP servers.
 */
final class TestServers {

    static final String JSON = "{\"status\":\"ok\",\"version\":3,\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}";

    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    final AtomicInteger connections = new AtomicInteger();
    private final Vertx vertx;

    TestServers(Vertx vertx) {
        this.vertx = vertx;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpServer http(HttpServerOptions options) {
        return await(vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0))
                .connectionHandler(connection -> connections.incrementAndGet())
                .requestHandler(this::handle)
                .listen());
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        request.headers().forEach(header -> lastHeaders.put(path + " " + header.getKey().toLowerCase(Locale.ROOT),
                header.getValue()));
        request.body().onSuccess(body -> {
            switch (path) {
                case "/ok" -> request.response().end("hello prober " + JSON);
                case "/json" -> request.response().putHeader("Content-Type", "application/json").end(JSON);
                case "/echo" -> request.response().end(request.method() + " " + body);
                case "/slow" -> vertx.setTimer(400, t -> request.response().end("late"));
                case "/stall" -> {
                    // Never answers.
                }
                case "/close" -> request.connection().close();
                case "/big" -> request.response().end("x".repeat(1 << 20) + "needle");
                case "/flaky" -> request.response().setStatusCode(hit % 3 == 0 ? 200 : 503).end();
                case "/redirect" -> redirect(request, 302, "/ok");
                case "/redirect-post" -> redirect(request, 303, "/echo");
                case "/redirect-keep" -> redirect(request, 307, "/echo");
                case "/redirect-loop" -> redirect(request, 302, "/redirect-loop");
                case "/redirect-metadata" -> redirect(request, 302, "http://169.254.169.254/latest/meta-data/");
                default -> {
                    if (path.startsWith("/status/")) {
                        request.response().setStatusCode(Integer.parseInt(path.substring(8))).end();
                    } else if (path.startsWith("/to-other-host/")) {
                        // Same server, reached under another name: 127.0.0.1 instead of localhost.
                        redirect(request, 302, "http://127.0.0.1:" + request.localAddress().port() + "/"
                                + path.substring("/to-other-host/".length()));
                    } else {
                        request.response().setStatusCode(404).end();
                    }
                }
            }
        });
    }

    private static void redirect(HttpServerRequest request, int status, String location) {
        request.response().setStatusCode(status).putHeader("Location", location).end();
    }

    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** A TCP server that greets with {@code banner} and answers PING with PONG. */
    NetServer tcp(String banner) {
        return await(vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(socket -> {
                    if (banner != null) {
                        socket.write(banner);
                    }
                    socket.handler(data -> {
                        if (data.toString().contains("PING")) {
                            socket.write("PONG\n");
                        } else if (data.toString().contains("BYE")) {
                            socket.close();
                        }
                    });
                })
                .listen());
    }

    /** A TLS server presenting {@code certificate}. */
    NetServer tls(SelfSignedCertificate certificate) {
        return await(vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .connectHandler(socket -> socket.handler(data -> socket.write(data)))
                .listen());
    }
}
