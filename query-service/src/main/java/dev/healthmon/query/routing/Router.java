package dev.healthmon.query.routing;

import dev.healthmon.query.readmodel.ReadModel.Replica;
import dev.healthmon.query.readmodel.StoreUnavailableException;
import dev.healthmon.query.routing.MetadataService.Elsewhere;
import dev.healthmon.query.routing.MetadataService.Here;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

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
     * of the standby copy. A local {@code read} runs at once on the calling thread, so a caller on a worker thread
     * may block in it (writes); a standby {@code read} runs where the owner's failure is seen, an event loop.
     *
     * @throws StoreUnavailableException when ownership is unknown or moving; the answer fails with it when the owner
     *     is unreachable and no standby may answer
     */
    public <T> Uni<Answer<T>> byKey(String store, String key, InstanceRequest request, WhenOwnerUnreachable fallback,
            Function<Replica, T> read) {
        MetadataService.KeyLocation location = metadata.locate(store, key);
        if (location instanceof Here) {
            return Uni.createFrom().item(new Read<>(read.apply(Replica.ACTIVE), false));
        }
        Elsewhere elsewhere = (Elsewhere) location;
        if (request.forwarded()) {
            // The sender thought this instance owned the key: ownership is moving. Another hop could loop.
            throw new StoreUnavailableException(store, "the key's owner is changing");
        }
        return forwarder.send(elsewhere.owner(), request).<Answer<T>>map(Relayed::new)
                .onFailure(OwnerUnreachableException.class).recoverWithUni(e ->
                        fallback == WhenOwnerUnreachable.READ_STANDBY && elsewhere.standbyHere()
                                ? Uni.createFrom().item(() -> new Read<>(read.apply(Replica.STANDBY_ALLOWED), true))
                                : Uni.createFrom().failure(new StoreUnavailableException(store, e.getMessage())));
    }

    /**
     * The answer of {@code owner}, which owns the keys {@code request} is about (as {@link MetadataService#locate}
     * said). Fails with an {@link OwnerUnreachableException} when the owner does not answer in time.
     *
     * @throws StoreUnavailableException when {@code request} is itself a forward: ownership is moving
     */
    public Uni<InstanceResponse> toOwner(String store, HostInfo owner, InstanceRequest request) {
        if (request.forwarded()) {
            throw new StoreUnavailableException(store, "the key's owner is changing");
        }
        return forwarder.send(owner, request);
    }

    /**
     * The answers of every other instance holding {@code store} to {@code request}, asked at once (so the answer
     * takes as long as the slowest instance, at most about the forward timeout); none when this request is a
     * forward (it is answered with this instance's part only) or this instance is the only one.
     *
     * @throws StoreUnavailableException when the instances are not known now; the answer fails with it when an
     *     instance does not answer: a list without its part would be wrong
     */
    public Uni<List<InstanceResponse>> fromOtherInstances(String store, InstanceRequest request) {
        List<HostInfo> others = request.forwarded() ? List.of() : metadata.otherInstances(store);
        if (others.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<InstanceResponse>> asked = others.stream().map(other -> forwarder.send(other, request)).toList();
        return Uni.combine().all().unis(asked).with(InstanceResponse.class, answers -> answers)
                .onFailure(OwnerUnreachableException.class)
                .transform(e -> new StoreUnavailableException(store, e.getMessage()));
    }
}
