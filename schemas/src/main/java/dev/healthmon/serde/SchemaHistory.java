package dev.healthmon.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.message.SchemaStore;

/**
 * The released versions of each record schema, kept as resources
 * {@code /dev/healthmon/schemas/history/<Name>/v1.avsc}, {@code v2.avsc}, ... Readers know every one of them,
 * so data written by any released producer stays readable, and a change to a schema must stay compatible with
 * all of them in both directions (old readers read new data, new readers read old data).
 */
public final class SchemaHistory {

    private static final String ROOT = "/dev/healthmon/schemas/history/";

    private SchemaHistory() {
    }

    /** Released versions of the named record, oldest first; empty if none was released yet. */
    public static List<Schema> released(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = SchemaHistory.class.getResourceAsStream(ROOT + recordName + "/v" + v + ".avsc")) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + recordName + " v" + v, e);
            }
        }
    }

    /** A schema store that resolves the fingerprint of the current schema and of every released version. */
    public static SchemaStore storeFor(Schema current) {
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(current);
        released(current.getName()).forEach(store::addSchema);
        return store;
    }

    /**
     * Every reason why Avro schema resolution cannot read data written with {@code writer} into {@code reader}, as
     * judged by Avro's {@link SchemaCompatibility}; empty when it can.
     */
    public static List<String> unreadable(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getIncompatibilities().stream().map(incompatibility -> incompatibility.getType() + " at "
                + incompatibility.getLocation() + " (" + incompatibility.getMessage() + ")").toList();
    }
}
