package dev.healthmon.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.SampleRecords;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    private static final String TOPIC = "healthmon.check-results";

    static Iterable<SpecificRecord> samples() {
        return SampleRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyTypeSurvivesARoundTrip(SpecificRecord sample) {
        assertRoundTrip(sample.getClass(), sample);
    }

    /** {@code type} is the sample's own class, so the serde of it takes the sample. */
    private static <T extends SpecificRecord> void assertRoundTrip(Class<T> type, SpecificRecord sample) {
        AvroSerde<T> serde = AvroSerde.of(type);

        byte[] bytes = serde.serialize(TOPIC, type.cast(sample));

        assertThat(bytes).startsWith((byte) 0xC3, (byte) 0x01);
        assertThat(serde.deserialize(TOPIC, bytes)).isEqualTo(sample);
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<CheckResult> serde = AvroSerde.of(CheckResult.class);

        assertThat(serde.serialize(TOPIC, null)).isNull();
        assertThat(serde.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void readsDataWrittenWithAnOlderWriterSchema() throws Exception {
        Schema older = EvolvedWriters.load("CheckResult-older.avsc");
        GenericRecord old = new GenericRecordBuilder(older)
                .set("targetId", "db")
                .set("checkType", new GenericData.EnumSymbol(older.getField("checkType").schema(), "TCP"))
                .set("outcome", new GenericData.EnumSymbol(older.getField("outcome").schema(), "DOWN"))
                .set("failureKind", new GenericData.EnumSymbol(
                        older.getField("failureKind").schema().getTypes().get(1), "CONNECTION_REFUSED"))
                .set("latencyMicros", 900L)
                .set("region", "eu-west")
                .set("proberId", "p1")
                .set("startedAt", 1_700_000_000_000L)
                .set("message", "refused")
                .build();
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old).array();
        InMemoryWriterSchemas shared = new InMemoryWriterSchemas();
        shared.publish(older);

        CheckResult read = AvroSerde.of(CheckResult.class, shared).deserialize(TOPIC, bytes);

        assertThat(read.getCheckType()).isEqualTo(CheckType.TCP);
        assertThat(read.getOutcome()).isEqualTo(Outcome.DOWN);
        assertThat(read.getFailureKind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(read.getStartedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getStatusCode()).isNull();
        assertThat(read.getDetails()).isEqualTo(Map.of());
    }

    @Test
    void readsDataOfANewerWriterWithAnExtraOptionalFieldItFoundInTheSharedSchemas() {
        InMemoryWriterSchemas shared = new InMemoryWriterSchemas();
        AvroSerde<CheckResult> newerWriter = AvroSerde.of(CheckResult.class, shared);
        byte[] bytes = EvolvedWriters.compatibleBytes(SampleRecords.checkResult(), "TLSv1.3");
        shared.publish(EvolvedWriters.compatible());

        CheckResult read = AvroSerde.of(CheckResult.class, shared).deserialize(TOPIC, bytes);

        assertThat(read).isEqualTo(SampleRecords.checkResult());
        assertThat(newerWriter.deserialize(TOPIC, bytes)).isEqualTo(read);
    }

    @Test
    void refusesAWriterSchemaItCannotReadNamingItsFingerprintAndTheIncompatibility() {
        Schema incompatible = EvolvedWriters.incompatible();
        byte[] bytes = EvolvedWriters.incompatibleBytes(SampleRecords.checkResult());
        InMemoryWriterSchemas shared = new InMemoryWriterSchemas();
        shared.publish(incompatible);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> AvroSerde.of(CheckResult.class, shared).deserialize(TOPIC, bytes))
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessageContaining("written with schema " + Fingerprints.hex(Fingerprints.of(incompatible)))
                    .hasMessageContaining("from memory")
                    .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                    .hasMessageContaining("region");
        }
    }

    @Test
    void anUnknownFingerprintIsNamedInHex() {
        byte[] bytes = validBytes();
        bytes[2] ^= 0x01;
        long fingerprint = java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();

        assertMalformed(bytes, "fingerprint " + Fingerprints.hex(fingerprint) + " is not a released version of "
                + "CheckResult and not in no shared schemas");
    }

    @Test
    void publishesItsSchemaOnceBeforeItsFirstRecord() {
        InMemoryWriterSchemas shared = new InMemoryWriterSchemas();
        AvroSerde<CheckResult> serde = AvroSerde.of(CheckResult.class, shared);
        assertThat(shared.publications()).isEmpty();

        serde.serialize(TOPIC, SampleRecords.checkResult());
        serde.serialize(TOPIC, SampleRecords.checkResult());
        serde.serialize(TOPIC, null);

        assertThat(shared.publications()).containsExactly(CheckResult.getClassSchema());
    }

    @Test
    void aSchemaThatCannotBePublishedEncodesNothing() {
        WriterSchemas unreachable = new WriterSchemas() {
            @Override
            public void publish(Schema schema) {
                throw new org.apache.kafka.common.errors.TimeoutException("not acknowledged");
            }

            @Override
            public Schema find(long fingerprint) {
                return null;
            }

            @Override
            public String source() {
                return "nowhere";
            }
        };

        assertThatThrownBy(() -> AvroSerde.of(CheckResult.class, unreachable).serialize(TOPIC,
                SampleRecords.checkResult())).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsDataWrittenWithEveryReleasedVersion(SpecificRecord sample) throws Exception {
        AvroSerde<? extends SpecificRecord> serde = AvroSerde.of(sample.getClass());
        for (Schema released : SchemaHistory.released(sample.getSchema().getName())) {
            // Re-encode the sample as a writer of the released version would have.
            byte[] bytes = new BinaryMessageEncoder<SpecificRecord>(SpecificData.get(), released).encode(sample)
                    .array();
            assertThat(serde.deserialize(TOPIC, bytes)).isInstanceOf(sample.getClass());
        }
    }

    @Test
    void rejectsBytesThatAreNotSingleObjectEncoded() {
        assertMalformed(new byte[] {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'},
                "not Avro single-object encoding");
        assertMalformed(new byte[0], "not Avro single-object encoding");
    }

    @Test
    void rejectsAnUnknownWriterSchema() {
        byte[] bytes = validBytes();
        bytes[5] ^= 0x5A; // corrupt the fingerprint
        assertMalformed(bytes, "written with a schema this reader does not know");
    }

    @Test
    void rejectsATruncatedBody() {
        byte[] bytes = validBytes();
        assertMalformed(Arrays.copyOf(bytes, bytes.length - 20), "corrupt body");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = validBytes();
        assertMalformed(Arrays.copyOf(bytes, bytes.length + 3), "3 trailing bytes");
    }

    @Test
    void refusesToEncodeARecordMissingARequiredField() {
        CheckResult incomplete = SampleRecords.checkResult();
        incomplete.setRegion(null);

        assertThatThrownBy(() -> AvroSerde.of(CheckResult.class).serialize(TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot encode CheckResult for topic 'healthmon.check-results'");
    }

    private static byte[] validBytes() {
        return AvroSerde.of(CheckResult.class).serialize(TOPIC, SampleRecords.checkResult());
    }

    private static void assertMalformed(byte[] bytes, String reason) {
        assertThatThrownBy(() -> AvroSerde.of(CheckResult.class).deserialize(TOPIC, bytes))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageStartingWith("Cannot decode CheckResult from topic 'healthmon.check-results': ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((MalformedRecordException) e).topic()).isEqualTo(TOPIC));
    }
}
