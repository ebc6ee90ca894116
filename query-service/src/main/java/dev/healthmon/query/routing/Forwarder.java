package dev.healthmon.query.routing;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a request to another instance and returns its answer, without holding a thread while it waits: Vert.x's
 * HTTP client on the application's event loops, with a keep-alive pool per instance. Gives up once the connection
 * (or a pooled one) is not there within the timeout, or the answer stops coming for that long, so that a stopped or
 * hung instance costs a caller about that long.
 */
public class Forwarder {

    // A pooled connection unused this long is closed; well below the servers' idle timeout (Quarkus: 30 min), so
    // the client, not the server, closes it and a request is never sent on a connection the server is closing.
    private static final int KEEP_ALIVE_SECONDS = 60;

    private final HttpClient client;
    // Every exchange runs on this one context's event loop, so a response's events and the callback that collects
    // its body run on one thread, in order. Vert.x 4.5 can otherwise lose the end of a body whose callback runs on
    // another thread (eclipse-vertx/vert.x#6038): the forward never completes, and its timeouts, which stop with the
    // response, do not fire. Forwards asked by blocking requests (writes, syncs) hung that way.
    private final Context context;
    private final long timeoutMillis;

    /**
     * @param connectionsPerInstance the most connections kept to one instance, i.e. forwards in flight to it at
     *     once; more wait for a free one, within the timeout
     */
    public Forwarder(Vertx vertx, Duration timeout, int connectionsPerInstance) {
        this.timeoutMillis = timeout.toMillis();
        // The root context: made while answering a request, this would otherwise be that request's duplicated
        // context, whose request-scoped data every later forward would carry.
        this.context = VertxContext.getRootContext(vertx.getOrCreateContext());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(timeoutMillis))
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS),
                new PoolOptions().setHttp1MaxSize(connectionsPerInstance));
    }

    /**
     * The answer of {@code host} to {@code request}, marked as forwarded so that the host answers it itself. Sent at
     * once, so several instances can be asked together; fails with an {@link OwnerUnreachableException} when the host
     * refuses the connection or does not answer in time.
     */
    public Uni<InstanceResponse> send(HostInfo host, InstanceRequest request) {
        RequestOptions outgoing = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(host.host())
                .setPort(host.port())
                .setURI(request.pathAndQuery())
                // Connect timeout: to get a connection, pooled or new. Idle timeout: between bytes of the answer.
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .putHeader(InstanceRequest.FORWARDED_HEADER, "1");
        if (request.authorization() != null) {
            outgoing.putHeader(HttpHeaders.AUTHORIZATION, request.authorization());
        }
        if (request.contentType() != null) {
            outgoing.putHeader(HttpHeaders.CONTENT_TYPE, request.contentType());
        }
        Promise<InstanceResponse> answer = Promise.promise();
        context.runOnContext(onLoop -> client.request(outgoing)
                .compose(sent -> request.body().length == 0 ? sent.send() : sent.send(Buffer.buffer(request.body())))
                .compose(response -> response.body().map(body -> response(response, body)))
                .onComplete(answer));
        // Connection refused or reset, or a timeout: gone, or not answering in time.
        return Uni.createFrom().completionStage(answer.future().toCompletionStage())
                .onFailure().transform(failure -> new OwnerUnreachableException(host, failure));
    }

    private static InstanceResponse response(HttpClientResponse response, Buffer body) {
        return new InstanceResponse(response.statusCode(), response.getHeader(HttpHeaders.CONTENT_TYPE),
                response.getHeader(HttpHeaders.LOCATION), response.getHeader(HttpHeaders.RETRY_AFTER),
                Boolean.parseBoolean(response.getHeader(InstanceRequest.STALE_HEADER)), body.getBytes());
    }
}
