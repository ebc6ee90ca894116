package dev.healthmon.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** Writer schemas shared in memory, as the {@code schemas} topic shares them between processes; for tests. */
public final class InMemoryWriterSchemas implements WriterSchemas {

    private final Map<Long, Schema> schemas = new ConcurrentHashMap<>();
    private final List<Schema> publications = new ArrayList<>();

    @Override
    public synchronized void publish(Schema schema) {
        publications.add(schema);
        schemas.put(Fingerprints.of(schema), schema);
    }

    @Override
    public Schema find(long fingerprint) {
        return schemas.get(fingerprint);
    }

    @Override
    public String source() {
        return "memory";
    }

    /** Every call of {@link #publish}, in order. */
    public synchronized List<Schema> publications() {
        return List.copyOf(publications);
    }
}
