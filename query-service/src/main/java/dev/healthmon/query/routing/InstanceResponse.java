package dev.healthmon.query.routing;

/** Another instance's answer, passed on as it came. */
// The body is passed on once, never compared nor kept: a record's equals on it does not matter, a copy would cost.
@SuppressWarnings("ArrayRecordComponent")
public record InstanceResponse(int status, String contentType, String location, String retryAfter, boolean stale,
        byte[] body) {
}
