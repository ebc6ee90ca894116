package dev.healthmon.serde;

import org.apache.avro.Schema;

/**
 * The writer schemas that the processes writing a topic share with the processes reading it, by fingerprint: a
 * writer publishes each schema it writes with before its first record, and a reader finds there the schemas it
 * was not built with (a newer writer's, say). {@link KafkaSchemaStore} shares them through the {@code schemas}
 * topic; {@link #NOT_SHARED} shares nothing, for code that reads and writes only what it was built with (tests,
 * tools).
 */
public interface WriterSchemas {

    /** Shares nothing: publishing does nothing, and no schema is found. */
    WriterSchemas NOT_SHARED = new WriterSchemas() {

        @Override
        public void publish(Schema schema) {
        }

        @Override
        public Schema find(long fingerprint) {
            return null;
        }

        @Override
        public String source() {
            return "no shared schemas";
        }
    };

    /**
     * Makes {@code schema} findable by every reader before it returns; harmless when it already is.
     *
     * @throws org.apache.kafka.common.KafkaException when it cannot (a
     *     {@link org.apache.kafka.common.errors.TimeoutException}, which is retriable, when the broker does not
     *     acknowledge it in time)
     */
    void publish(Schema schema);

    /**
     * The writer schema with this CRC-64-AVRO fingerprint (of its parsing canonical form), or {@code null} when none
     * was published. May wait a bounded time to look.
     */
    Schema find(long fingerprint);

    /** Where {@link #find} looks, for messages: "topic 'healthmon.schemas'". */
    String source();
}
