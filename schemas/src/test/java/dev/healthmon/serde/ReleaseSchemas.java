package dev.healthmon.serde;

import dev.healthmon.schemas.SampleRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaNormalization;

/**
 * Releases the current schemas: for every record whose schema differs from its latest released version, writes
 * the next {@code vN.avsc} into the history folder given as the only argument. Run it when a schema change ships:
 * <pre>./mvnw -B -q -pl schemas test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.healthmon.serde.ReleaseSchemas \
 *   -Dexec.args=src/main/resources/dev/healthmon/schemas/history</pre>
 */
public final class ReleaseSchemas {

    private ReleaseSchemas() {
    }

    public static void main(String[] args) throws IOException {
        Path history = Path.of(args[0]);
        for (var record : SampleRecords.all()) {
            Schema current = record.getSchema();
            List<Schema> released = SchemaHistory.released(current.getName());
            if (!released.isEmpty() && fingerprint(released.get(released.size() - 1)) == fingerprint(current)) {
                continue;
            }
            Path file = history.resolve(current.getName()).resolve("v" + (released.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, SchemaFormatter.format("json/pretty", current) + "\n");
            System.out.println("released " + file);
        }
    }

    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
