package dev.healthmon.serde;

import dev.healthmon.schemas.CheckResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/**
 * Writers of {@code CheckResult} built with other schemas than this build's, for the tests of schema evolution here
 * and in other modules: one with an extra optional field ({@code tlsVersion}), which readers of the current schema
 * can read, and one they cannot ({@code region} renamed to {@code location}, a new field without default).
 */
public final class EvolvedWriters {

    private EvolvedWriters() {
    }

    /** CheckResult plus an optional {@code tlsVersion}: a compatible change. */
    public static Schema compatible() {
        return load("CheckResult-compatible.avsc");
    }

    /** CheckResult with {@code region} renamed to {@code location} and a required {@code attempt}. */
    public static Schema incompatible() {
        return load("CheckResult-incompatible.avsc");
    }

    public static Schema load(String name) {
        try (InputStream in = EvolvedWriters.class.getResourceAsStream("/evolution/" + name)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single-object encoding a writer of {@link #compatible()} writes for {@code result}. */
    public static byte[] compatibleBytes(CheckResult result, String tlsVersion) {
        Schema schema = compatible();
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.name(), field.name().equals("tlsVersion") ? tlsVersion : result.get(field.name()));
        }
        return encode(schema, record);
    }

    /** The single-object encoding a writer of {@link #incompatible()} writes for {@code result}. */
    public static byte[] incompatibleBytes(CheckResult result) {
        Schema schema = incompatible();
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.name(), switch (field.name()) {
                case "location" -> result.getRegion();
                case "attempt" -> 1;
                default -> result.get(field.name());
            });
        }
        return encode(schema, record);
    }

    private static byte[] encode(Schema schema, GenericData.Record record) {
        // Specific: it writes the generated enums and, with the conversion, Instants, as the real writer would.
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        try {
            return new BinaryMessageEncoder<GenericData.Record>(model, schema).encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
