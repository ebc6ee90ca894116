package dev.healthmon.query.publish;

import java.util.List;

/** Kafka did not acknowledge some writes in time; the API answers 503 and the caller may retry (writes are idempotent). */
public class PublishFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> failedIds;

    public PublishFailedException(List<String> failedIds, Throwable cause) {
        super("Kafka did not acknowledge the writes of " + failedIds + ": " + cause.getMessage(), cause);
        this.failedIds = List.copyOf(failedIds);
    }

    public List<String> failedIds() {
        return failedIds;
    }
}
