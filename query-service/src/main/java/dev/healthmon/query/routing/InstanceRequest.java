package dev.healthmon.query.routing;

/**
 * The parts of an API request that another instance needs to answer it: method, path with query, the caller's
 * credentials and body, and whether this request already is a forward (which may not be forwarded again).
 */
// The body is passed on once, never compared nor kept: a record's equals on it does not matter, a copy would cost.
@SuppressWarnings("ArrayRecordComponent")
public record InstanceRequest(String method, String pathAndQuery, String authorization, String contentType,
        byte[] body, boolean forwarded) {

    /** Set on a request one instance forwards to another; the receiver answers it from its own stores only. */
    public static final String FORWARDED_HEADER = "X-Healthmon-Forwarded";
    /** Set on an answer read from a standby copy, which may lag behind the owner's. */
    public static final String STALE_HEADER = "X-Healthmon-Stale";

    public InstanceRequest {
        body = body == null ? new byte[0] : body;
    }

    /** The same request to another path and query. */
    public InstanceRequest withPathAndQuery(String otherPathAndQuery) {
        return new InstanceRequest(method, otherPathAndQuery, authorization, contentType, body, forwarded);
    }

    /** A request without a body. */
    public static InstanceRequest of(String method, String pathAndQuery, String authorization, boolean forwarded) {
        return new InstanceRequest(method, pathAndQuery, authorization, null, null, forwarded);
    }
}
