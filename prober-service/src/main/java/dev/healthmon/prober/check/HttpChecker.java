package dev.healthmon.prober.check;

import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.HttpHeader;
import dev.healthmon.schemas.StatusRange;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpClientInternal;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Runs {@link HttpCheck}s with the Vert.x HTTP client. Each attempt resolves the host, checks the address against
 * the safety policy, and connects to that address; by default over a connection of its own that is closed
 * afterwards, so that a server which can no longer accept connections or complete a handshake is seen. Redirects
 * are followed here rather than by the client, so that every hop passes the safety policy too.
 */
public final class HttpChecker {

    static final int MAX_REDIRECTS = 10;
    private static final List<StatusRange> DEFAULT_EXPECTED = List.of(new StatusRange(200, 399));
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Vertx vertx;
    private final SafeAddressResolver resolver;
    private final int bodyLimitBytes;
    private final BodyAssertionEvaluator bodyAssertions = new BodyAssertionEvaluator();
    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * The client settings that differ between targets; one client is kept for each combination in use. A pooled
     * client also has the targets' timeout as its own connect and TLS handshake timeout: the pool, not the attempt,
     * owns its connections, so they cannot be closed when an attempt ends (0 for the clients of fresh connections,
     * which their attempt closes).
     */
    private record ClientKey(boolean tls, boolean verifyTls, boolean http2, boolean sni, int poolTimeoutMs) {
    }

    /** Where one request of an attempt goes: after a redirect the method, body and headers may change. */
    private record Hop(URI url, HttpMethod method, String body, List<HttpHeader> headers, int redirects) {
    }

    public HttpChecker(Vertx vertx, SafeAddressResolver resolver, int bodyLimitBytes) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.bodyLimitBytes = bodyLimitBytes;
    }

    /** Runs the check, retrying a {@code DOWN} attempt up to {@code retries} times; each attempt has the timeout. */
    public Future<CheckVerdict> check(HttpCheck check, long timeoutMs) {
        return attempts(check, timeoutMs, 1);
    }

    private Future<CheckVerdict> attempts(HttpCheck check, long timeoutMs, int number) {
        return attempt(check, timeoutMs).compose(verdict -> {
            if (verdict.isUp() || number > check.getRetries()) {
                return Future.succeededFuture(verdict.withDetail("attempts", Integer.toString(number)));
            }
            return attempts(check, timeoutMs, number + 1);
        });
    }

    private Future<CheckVerdict> attempt(HttpCheck check, long timeoutMs) {
        URI url;
        try {
            url = parseUrl(check.getUrl());
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(CheckVerdict.down(FailureKind.OTHER, e.getMessage()));
        }
        Attempt attempt = new Attempt(vertx, timeoutMs);
        exchange(attempt, check, new Hop(url, HttpMethod.valueOf(check.getMethod().name()), check.getBody(),
                check.getHeaders(), 0));
        return attempt.verdict();
    }

    private void exchange(Attempt attempt, HttpCheck check, Hop hop) {
        String host = hostOf(hop.url());
        AtomicBoolean responseEnded = new AtomicBoolean();
        attempt.phase(Attempt.Phase.RESOLVING);
        resolver.resolvePermitted(host)
                .compose(address -> {
                    attempt.phase(Attempt.Phase.CONNECTING);
                    return openRequest(attempt, check, hop, host, address);
                })
                .compose(request -> {
                    attempt.phase(Attempt.Phase.WAITING);
                    // A response not read to its end leaves its connection unusable: the stream is abandoned.
                    attempt.onEnd(() -> {
                        if (!responseEnded.get()) {
                            request.reset();
                        }
                    });
                    hop.headers().forEach(header -> request.putHeader(header.getName(), header.getValue()));
                    Future<HttpClientResponse> sent = hop.body() == null ? request.send() : request.send(hop.body());
                    // Handled on the request's own future, which completes on the request's context as the head
                    // arrives: a listener further down the chain may run as a later task, after a short body has
                    // already ended, when a handler can no longer be set.
                    sent.onSuccess(response -> receive(attempt, check, hop, response, responseEnded));
                    return sent;
                })
                .onFailure(attempt::fail);
    }

    private Future<HttpClientRequest> openRequest(Attempt attempt, HttpCheck check, Hop hop, String host,
            InetAddress address) {
        boolean tls = hop.url().getScheme().equals("https");
        int port = portOf(hop.url());
        boolean pooled = check.getReuseConnections();
        HttpClient client = client(new ClientKey(tls, check.getVerifyTls(),
                check.getHttpVersion() == dev.healthmon.schemas.HttpVersion.HTTP_2,
                tls && NetUtil.createByteArrayFromIpAddressString(host) == null,
                pooled ? (int) Math.min(Integer.MAX_VALUE, attempt.timeoutMs()) : 0));
        String path = pathOf(hop.url());
        if (pooled) {
            return client.request(new RequestOptions()
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setHost(host).setPort(port).setSsl(tls).setMethod(hop.method()).setURI(path)
                    // A request still waiting for a pooled connection gives up with its attempt.
                    .setConnectTimeout(attempt.timeoutMs()));
        }
        // A connection of this attempt's own, outside the pool: it is closed when the attempt ends, from its SYN on.
        return ((HttpClientInternal) client).connect(attempt.server(address, port),
                        SocketAddress.inetSocketAddress(port, host))
                .compose(connection -> {
                    // Closing it is the plan, not an eviction worth a warning.
                    connection.evictionHandler(evicted -> { });
                    return connection.createRequest((ContextInternal) vertx.getOrCreateContext());
                })
                .map(request -> {
                    request.setMethod(hop.method()).setURI(path).authority(HostAndPort.create(host, port));
                    // As Kubernetes' and Go's probes do: the server is told the connection ends with this exchange,
                    // so it closes first and the TIME_WAIT stays on its side, not on the prober's ephemeral ports.
                    // HTTP/2 has no such header (RFC 9113, 8.2.2).
                    return request.version() == HttpVersion.HTTP_2 ? request
                            : request.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                });
    }

    private void receive(Attempt attempt, HttpCheck check, Hop hop, HttpClientResponse response,
            AtomicBoolean responseEnded) {
        int status = response.statusCode();
        String location = response.getHeader("Location");
        if (check.getFollowRedirects() && REDIRECTS.contains(status) && location != null) {
            // The redirect's own body is not needed; it is let through so that a pooled connection stays usable.
            response.exceptionHandler(ignored -> { });
            response.endHandler(end -> responseEnded.set(true));
            follow(attempt, check, hop, status, location);
            return;
        }
        Buffer body = Buffer.buffer();
        response.exceptionHandler(attempt::fail);
        response.handler(chunk -> {
            if (attempt.isDone()) {
                return;
            }
            int room = bodyLimitBytes - body.length();
            if (chunk.length() < room) {
                body.appendBuffer(chunk);
                return;
            }
            // Enough is read: the rest of the body is not waited for, and the stream is abandoned.
            body.appendBuffer(chunk, 0, room);
            attempt.complete(judge(check, hop, response, body, true, attempt.elapsedMillis()));
            response.request().reset();
        });
        response.endHandler(end -> {
            responseEnded.set(true);
            attempt.complete(judge(check, hop, response, body, false, attempt.elapsedMillis()));
        });
    }

    private void follow(Attempt attempt, HttpCheck check, Hop hop, int status, String location) {
        if (hop.redirects() >= MAX_REDIRECTS) {
            attempt.complete(CheckVerdict.down(FailureKind.UNEXPECTED_RESPONSE, status,
                    "more than " + MAX_REDIRECTS + " redirects", Map.of("redirects", Integer.toString(hop.redirects()))));
            return;
        }
        URI next;
        try {
            next = parseUrl(hop.url().resolve(location.trim()).toString());
        } catch (IllegalArgumentException e) {
            attempt.complete(CheckVerdict.down(FailureKind.UNEXPECTED_RESPONSE, status,
                    "redirect to an invalid location", Map.of()));
            return;
        }
        // As browsers and Go's client do: 301-303 continue with a GET without body, 307 and 308 repeat the request.
        boolean repeat = status == 307 || status == 308 || HttpMethod.HEAD.equals(hop.method());
        // Secret headers (credentials) go to the host they were configured for, never to another one.
        List<HttpHeader> headers = hostOf(next).equalsIgnoreCase(hostOf(hop.url())) ? hop.headers()
                : hop.headers().stream().filter(header -> !header.getSecret()).toList();
        exchange(attempt, check, new Hop(next, repeat ? hop.method() : HttpMethod.GET, repeat ? hop.body() : null,
                headers, hop.redirects() + 1));
    }

    private CheckVerdict judge(HttpCheck check, Hop hop, HttpClientResponse response, Buffer body,
            boolean truncated, long elapsedMs) {
        int status = response.statusCode();
        Map<String, String> details = new HashMap<>();
        details.put("httpVersion", response.version() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
        details.put("bodyBytesRead", Integer.toString(body.length()));
        if (truncated) {
            details.put("bodyTruncated", "true");
        }
        if (hop.redirects() > 0) {
            details.put("redirects", Integer.toString(hop.redirects()));
        }
        List<StatusRange> expected = check.getExpectedStatus().isEmpty() ? DEFAULT_EXPECTED
                : check.getExpectedStatus();
        if (expected.stream().noneMatch(range -> status >= range.getFrom() && status <= range.getTo())) {
            return CheckVerdict.down(FailureKind.HTTP_STATUS, status,
                    "HTTP " + status + ", expected " + describe(expected), details);
        }
        if (check.getBodyAssertion() != null) {
            Optional<String> mismatch = bodyAssertions.mismatch(check.getBodyAssertion(),
                    body.toString(StandardCharsets.UTF_8));
            if (mismatch.isPresent()) {
                return CheckVerdict.down(FailureKind.BODY_MISMATCH, status, mismatch.get(), details);
            }
        }
        Long maxResponseTimeMs = check.getMaxResponseTimeMs();
        if (maxResponseTimeMs != null && elapsedMs > maxResponseTimeMs) {
            return CheckVerdict.down(FailureKind.SLOW_RESPONSE, status,
                    "responded in " + elapsedMs + " ms, more than " + maxResponseTimeMs + " ms", details);
        }
        return CheckVerdict.up(status, "HTTP " + status, details);
    }

    private static String describe(List<StatusRange> ranges) {
        return ranges.stream()
                .map(range -> range.getFrom() == range.getTo() ? Integer.toString(range.getFrom())
                        : range.getFrom() + "-" + range.getTo())
                .collect(Collectors.joining(", "));
    }

    private HttpClient client(ClientKey key) {
        return clients.computeIfAbsent(key, k -> {
            HttpClientOptions options = new HttpClientOptions()
                    .setSsl(k.tls())
                    .setForceSni(k.sni())
                    // For a fresh connection no connect or handshake timer of Netty's own (0): the attempt's timer
                    // covers both, and closes the socket when it fires.
                    .setConnectTimeout(k.poolTimeoutMs())
                    .setMaxPoolSize(64)
                    .setHttp2MaxPoolSize(8)
                    .setShared(false);
            if (k.tls()) {
                options.setTrustAll(!k.verifyTls()).setVerifyHost(k.verifyTls())
                        .setSslHandshakeTimeout(k.poolTimeoutMs()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
            }
            if (k.http2()) {
                options.setProtocolVersion(HttpVersion.HTTP_2)
                        .setUseAlpn(k.tls())
                        // Cleartext HTTP/2 with prior knowledge: the checked server is told to speak it.
                        .setHttp2ClearTextUpgrade(false);
            }
            return vertx.createHttpClient(options);
        });
    }

    /** Closes the clients and their pooled connections. */
    public Future<Void> close() {
        List<Future<Void>> closing = clients.values().stream().map(HttpClient::close).toList();
        clients.clear();
        return Future.join(closing).mapEmpty();
    }

    static URI parseUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL scheme must be http or https");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("URL has no host");
        }
        return url;
    }

    private static String hostOf(URI url) {
        String host = url.getHost();
        // java.net.URI keeps the brackets of an IPv6 literal.
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static int portOf(URI url) {
        return url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String pathOf(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
