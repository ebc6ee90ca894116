package dev.healthmon.analyzer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.circuit.CircuitBreaker;
import dev.healthmon.analyzer.incident.Period;
import dev.healthmon.analyzer.incident.PeriodKind;
import dev.healthmon.analyzer.incident.PeriodTracker;
import dev.healthmon.analyzer.monitor.TargetAnalysis;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.analyzer.store.StoredAnalysis;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.serde.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class StoredAnalysisTranslationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void anAnalysisSurvivesTheStoreUnchanged() {
        TargetAnalysis analysis = new TargetAnalysis("checkout", T0.toEpochMilli(), 7, T0.plusSeconds(90),
                TargetState.DOWN, T0.plusSeconds(30), false, true,
                Map.of("eu", new RegionVote("eu", RegionState.DOWN, false, 3, 0, T0.plusSeconds(90),
                                FailureKind.TIMEOUT, "timed out", "eu-1"),
                        "us", new RegionVote("us", RegionState.UP, true, 0, 4, T0, null, null, null)),
                new CircuitBreaker(CircuitState.HALF_OPEN, T0.plusSeconds(60), 0, 2),
                PeriodTracker.NONE.opened(PeriodKind.INCIDENT, new Period("checkout:1:3", T0.plusSeconds(30), "db"))
                        .opened(PeriodKind.CIRCUIT, new Period("checkout:1:4", T0.plusSeconds(40), null)));
        AvroSerde<StoredAnalysis> serde = AvroSerde.of(StoredAnalysis.class);
        byte[] bytes = serde.serialize("changelog", StoredAnalysisTranslation.toStored(analysis));
        assertThat(StoredAnalysisTranslation.fromStored(serde.deserialize("changelog", bytes))).isEqualTo(analysis);
    }

    @Test
    void anAnalysisStoredByTheFormerVersionIsReadWithItsProbersNotKnown() throws Exception {
        Schema v1;
        try (InputStream in = getClass().getResourceAsStream(
                "/dev/healthmon/schemas/history/StoredAnalysis/v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        TargetAnalysis analysis = new TargetAnalysis("checkout", T0.toEpochMilli(), 2, T0.plusSeconds(90),
                TargetState.UP, T0.plusSeconds(30), false, false,
                Map.of("eu", new RegionVote("eu", RegionState.UP, false, 0, 5, T0.plusSeconds(90), null, "ok", null)),
                CircuitBreaker.closed(T0), PeriodTracker.NONE);
        // The record as the former version wrote it: the same fields but the prober.
        GenericRecord former = toGeneric(StoredAnalysisTranslation.toStored(analysis), v1);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(former).array();

        StoredAnalysis read = AvroSerde.of(StoredAnalysis.class).deserialize("changelog", bytes);
        assertThat(StoredAnalysisTranslation.fromStored(read)).isEqualTo(analysis);
    }

    /** The current record written with the current schema and read back as generic data of {@code schema}. */
    private static GenericRecord toGeneric(StoredAnalysis stored, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(StoredAnalysis.class).write(stored, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(StoredAnalysis.getClassSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
