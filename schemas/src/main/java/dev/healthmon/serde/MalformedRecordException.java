package dev.healthmon.serde;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes on a topic that cannot be read as the type the topic carries. The message names both, and why. */
public class MalformedRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public MalformedRecordException(String topic, String type, String reason, Throwable cause) {
        super("Cannot decode " + type + " from topic '" + topic + "': " + reason, cause);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
