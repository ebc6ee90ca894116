package dev.healthmon.serde;

import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Schema fingerprints as single-object encoding uses them: the CRC-64-AVRO of the schema's parsing canonical form.
 * Written out as 16 lowercase hex digits, most significant first: the key of the {@code schemas} topic.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static long of(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    public static String hex(long fingerprint) {
        return HexFormat.of().toHexDigits(fingerprint);
    }

    /**
     * The fingerprint {@code hex} writes, as {@link #hex} writes it.
     *
     * @throws IllegalArgumentException when {@code hex} is not 16 hex digits
     */
    public static long parse(String hex) {
        if (hex == null || hex.length() != 16) {
            throw new IllegalArgumentException("A fingerprint is 16 hex digits, not '" + hex + "'");
        }
        return HexFormat.fromHexDigitsToLong(hex);
    }
}
