package dev.healthmon.query.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a request to another instance and returns its answer; gives up after the timeout, so that a stopped or hung
 * instance costs a caller at most that long.
 */
public class Forwarder {

    private final HttpClient client;
    private final Duration timeout;

    public Forwarder(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * The answer of {@code host} to {@code request}, marked as forwarded so that the host answers it itself.
     *
     * @throws OwnerUnreachableException when the host refuses the connection or does not answer in time
     */
    public InstanceResponse forward(HostInfo host, InstanceRequest request) {
        try {
            return send(host, request).join();
        } catch (CompletionException e) {
            throw (OwnerUnreachableException) e.getCause();
        }
    }

    /**
     * {@link #forward} without waiting, to ask several instances at once; completes exceptionally with an
     * {@link OwnerUnreachableException}.
     */
    public CompletableFuture<InstanceResponse> send(HostInfo host, InstanceRequest request) {
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(
                URI.create("http://" + host.host() + ":" + host.port() + request.pathAndQuery()))
                .timeout(timeout)
                .header(InstanceRequest.FORWARDED_HEADER, "1")
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.authorization() != null) {
            outgoing.header("Authorization", request.authorization());
        }
        if (request.contentType() != null) {
            outgoing.header("Content-Type", request.contentType());
        }
        return client.sendAsync(outgoing.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((answer, failure) -> {
                    if (failure != null) {
                        // Connection refused or reset, or HttpTimeoutException: gone, or not answering in time.
                        throw new CompletionException(new OwnerUnreachableException(host,
                                failure instanceof CompletionException ? failure.getCause() : failure));
                    }
                    return new InstanceResponse(answer.statusCode(),
                            answer.headers().firstValue("Content-Type").orElse(null),
                            answer.headers().firstValue("Location").orElse(null),
                            answer.headers().firstValue("Retry-After").orElse(null),
                            answer.headers().firstValue(InstanceRequest.STALE_HEADER).map(Boolean::parseBoolean)
                                    .orElse(false),
                            answer.body());
                });
    }
}
