package dev.healthmon.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record using Avro single-object encoding: each value starts with a marker and
 * the 64-bit fingerprint of its writer schema, so no schema registry is needed.
 *
 * <p>The writer publishes its schema to the {@link WriterSchemas} before it encodes its first record. The reader
 * resolves the fingerprint against the current schema and every released version ({@link SchemaHistory}), else
 * against the shared writer schemas, and decodes by Avro schema resolution into the current schema; a writer schema
 * that resolution cannot read (a field without default missing, say) is refused with the reason. A {@code null}
 * value is a tombstone both ways.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private static final int HEADER_LENGTH = 10;

    private final Schema schema;
    private final String typeName;
    private final SchemaStore history;
    private final WriterSchemas shared;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    // Writer schemas found but unreadable, by fingerprint, with why: each is judged once.
    private final Map<Long, String> unreadable = new ConcurrentHashMap<>();
    private volatile boolean published;

    private AvroSerde(SpecificData model, Schema schema, WriterSchemas shared) {
        this.schema = schema;
        this.typeName = schema.getName();
        this.history = SchemaHistory.storeFor(schema);
        this.shared = shared;
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, this::readableWriterSchema);
    }

    /** A serde that reads the current schema and every released version of it, and shares no schema. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return of(type, WriterSchemas.NOT_SHARED);
    }

    /**
     * A serde that publishes its schema to {@code shared} before its first record, and also reads the writer
     * schemas found there.
     */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, WriterSchemas shared) {
        SpecificData model = modelFor(type);
        return new AvroSerde<>(model, model.getSchema(type), shared);
    }

    /**
     * A model that finds the generated classes through their own class loader. The generated {@code MODEL$} uses
     * Avro's loader instead, which under Quarkus tests and dev mode is not the one that loaded the generated
     * classes, so decoding would produce instances of a class the caller cannot cast to.
     */
    private static SpecificData modelFor(Class<?> type) {
        SpecificData model = new SpecificData(type.getClassLoader());
        SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
        return model;
    }

    /** The schema this serde writes with. */
    public Schema schema() {
        return schema;
    }

    /**
     * Publishes the schema this serde writes with, unless this serde has already; {@link #serialize} does it before
     * its first record, so calling this first only moves the wait (and a failure) to a better moment.
     *
     * @throws org.apache.kafka.common.KafkaException when the schema cannot be published
     */
    public void publishSchema() {
        if (!published) {
            shared.publish(schema);
            published = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        publishSchema();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            encoder.encode(data, out);
            return out.toByteArray();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException("Cannot encode " + typeName + " for topic '" + topic + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        T value;
        try {
            value = decoder.decode(in, null);
        } catch (BadHeaderException e) {
            throw malformed(topic, "not Avro single-object encoding (" + e.getMessage() + ")", e);
        } catch (MissingSchemaException e) {
            throw malformed(topic, "written with a schema this reader does not know: fingerprint "
                    + Fingerprints.hex(fingerprint(data)) + " is not a released version of " + typeName
                    + " and not in " + shared.source(), e);
        } catch (UnreadableWriterSchemaException e) {
            throw malformed(topic, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt bodies surface as EOF, Avro or index errors, depending on where the bytes end.
            throw malformed(topic, "corrupt body (" + e + ")", e);
        }
        if (in.available() > 0) {
            throw malformed(topic, in.available() + " trailing bytes after the record", null);
        }
        return value;
    }

    /** The writer schema of a fingerprint the decoder has not met yet, if it is known and can be read. */
    private Schema readableWriterSchema(long fingerprint) {
        String why = unreadable.get(fingerprint);
        if (why != null) {
            throw new UnreadableWriterSchemaException(why);
        }
        Schema writer = history.findByFingerprint(fingerprint);
        if (writer == null) {
            writer = shared.find(fingerprint);
        }
        if (writer == null) {
            return null;
        }
        List<String> incompatibilities = SchemaHistory.unreadable(schema, writer);
        if (!incompatibilities.isEmpty()) {
            why = "written with schema " + Fingerprints.hex(fingerprint) + " (" + writer.getFullName()
                    + ", from " + shared.source() + "), which this reader's " + typeName + " cannot read: "
                    + String.join("; ", incompatibilities);
            unreadable.put(fingerprint, why);
            throw new UnreadableWriterSchemaException(why);
        }
        return writer;
    }

    private static long fingerprint(byte[] data) {
        return ByteBuffer.wrap(data, 2, HEADER_LENGTH - 2).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private MalformedRecordException malformed(String topic, String reason, Throwable cause) {
        return new MalformedRecordException(topic, typeName, reason, cause);
    }

    /** A writer schema that was found but that Avro schema resolution cannot read into this serde's schema. */
    private static final class UnreadableWriterSchemaException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnreadableWriterSchemaException(String reason) {
            super(reason, null, false, false);
        }
    }

    // Serde, Serializer and Deserializer each declare these as defaults; nothing to configure or release.
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
