package dev.healthmon.query.routing;

import dev.healthmon.query.readmodel.ReadModel.Replica;
import dev.healthmon.query.readmodel.StoreUnavailableException;
import dev.healthmon.query.routing.MetadataService.Elsewhere;
import dev.healthmon.query.routing.MetadataService.Here;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Sends each read to the instance that owns its data: reads by key go to the key's owner, lists to every instance.
 * A request goes at most one hop: a forwarded request is answered from local stores or not at all.
 */
public class Router {

    /** The answer to a request by key: read here, or the owner's answer as it came. */
    public sealed interface Answer<T> {
    }

    /** Read from this instance's stores; {@code stale} when from a standby copy, as the owner did not answer. */
    public record Read<T>(T value, boolean stale) implements Answer<T> {
    }

    /** The owner's answer, to pass on unchanged. */
    public record Relayed<T>(InstanceResponse response) implements Answer<T> {
    }

    /** Whether a request may be answered from a standby copy when its owner does not answer: reads yes, writes no. */
    public enum WhenOwnerUnreachable {
        READ_STANDBY, FAIL
    }

    private final MetadataService metadata;
    private final Forwarder forwarder;

    public Router(MetadataService metadata, Forwarder forwarder) {
        this.metadata = metadata;
        this.forwarder = forwarder;
    }

    /**
     * Answers {@code request} about {@code key} of {@code store}: with {@code read} here when this instance owns the
     * key, else by forwarding it to the owner, else (owner unreachable, standby here, and allowed) with {@code read}
     * of the standby copy.
     *
     * @throws StoreUnavailableException when nobody can answer now: ownership unknown or moving, or the owner is
     *     unreachable and no standby may answer
     */
    public <T> Answer<T> byKey(String store, String key, InstanceRequest request, WhenOwnerUnreachable fallback,
            Function<Replica, T> read) {
        MetadataService.KeyLocation location = metadata.locate(store, key);
        if (location instanceof Here) {
            return new Read<>(read.apply(Replica.ACTIVE), false);
        }
        Elsewhere elsewhere = (Elsewhere) location;
        if (request.forwarded()) {
            // The sender thought this instance owned the key: ownership is moving. Another hop could loop.
            throw new StoreUnavailableException(store, "the key's owner is changing");
        }
        try {
            return new Relayed<>(forwarder.forward(elsewhere.owner(), request));
        } catch (OwnerUnreachableException e) {
            if (fallback == WhenOwnerUnreachable.READ_STANDBY && elsewhere.standbyHere()) {
                return new Read<>(read.apply(Replica.STANDBY_ALLOWED), true);
            }
            throw new StoreUnavailableException(store, e.getMessage());
        }
    }

    /**
     * The answers of every other instance holding {@code store} to {@code request}; none when this request is a
     * forward (it is answered with this instance's part only) or this instance is the only one.
     *
     * @throws StoreUnavailableException when an instance does not answer: a list without its part would be wrong
     */
    public List<InstanceResponse> fromOtherInstances(String store, InstanceRequest request) {
        if (request.forwarded()) {
            return List.of();
        }
        // Asked all at once: the answer takes as long as the slowest instance, at most the forward timeout.
        List<CompletableFuture<InstanceResponse>> asked = metadata.otherInstances(store).stream()
                .map(other -> forwarder.send(other, request)).toList();
        List<InstanceResponse> answers = new ArrayList<>();
        for (CompletableFuture<InstanceResponse> answer : asked) {
            try {
                answers.add(answer.join());
            } catch (CompletionException e) {
                throw new StoreUnavailableException(store, e.getCause().getMessage());
            }
        }
        return answers;
    }
}
