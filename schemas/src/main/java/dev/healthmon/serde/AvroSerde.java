package dev.healthmon.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
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
 * the 64-bit fingerprint of its writer schema, so no schema registry is needed. The reader resolves the
 * fingerprint against the current schema and every released version ({@link SchemaHistory}). A {@code null}
 * value is a tombstone both ways.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final String typeName;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(SpecificData model, Schema schema, SchemaStore writerSchemas) {
        this.typeName = schema.getName();
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, writerSchemas);
    }

    /** A serde that reads the current schema and every released version of it. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        SpecificData model = modelFor(type);
        Schema schema = model.getSchema(type);
        return new AvroSerde<>(model, schema, SchemaHistory.storeFor(schema));
    }

    /**
     * A serde that looks writer schemas up in the given store (the current schema is always known): the place to
     * plug in a schema registry.
     */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaStore writerSchemas) {
        SpecificData model = modelFor(type);
        return new AvroSerde<>(model, model.getSchema(type), writerSchemas);
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

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
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
            throw malformed(topic, "written with a schema this reader does not know (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt bodies surface as EOF, Avro or index errors, depending on where the bytes end.
            throw malformed(topic, "corrupt body (" + e + ")", e);
        }
        if (in.available() > 0) {
            throw malformed(topic, in.available() + " trailing bytes after the record", null);
        }
        return value;
    }

    private MalformedRecordException malformed(String topic, String reason, Throwable cause) {
        return new MalformedRecordException(topic, typeName, reason, cause);
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
