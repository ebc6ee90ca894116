package dev.healthmon.query.routing;

/** Another instance's answer, passed on as it came. */
public record InstanceResponse(int status, String contentType, String location, String retryAfter, boolean stale,
        byte[] body) {
}
