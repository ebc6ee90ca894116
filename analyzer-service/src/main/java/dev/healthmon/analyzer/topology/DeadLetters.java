package dev.healthmon.analyzer.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers a record set aside in the dead-letter topic carries: what was wrong and where it came from. */
final class DeadLetters {

    static final String ERROR_CLASS_HEADER = "healthmon.error.class";
    static final String ERROR_MESSAGE_HEADER = "healthmon.error.message";
    static final String SOURCE_TOPIC_HEADER = "healthmon.source.topic";
    static final String SOURCE_PARTITION_HEADER = "healthmon.source.partition";
    static final String SOURCE_OFFSET_HEADER = "healthmon.source.offset";

    private DeadLetters() {
    }

    /** The original headers plus the error and source headers (replacing any of the same name). */
    static Headers headers(Headers original, Exception error, RecordMetadata source) {
        Headers headers = new RecordHeaders(original.toArray());
        header(headers, ERROR_CLASS_HEADER, error.getClass().getName());
        header(headers, ERROR_MESSAGE_HEADER, String.valueOf(error.getMessage()));
        header(headers, SOURCE_TOPIC_HEADER, source.topic());
        header(headers, SOURCE_PARTITION_HEADER, Integer.toString(source.partition()));
        header(headers, SOURCE_OFFSET_HEADER, Long.toString(source.offset()));
        return headers;
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
