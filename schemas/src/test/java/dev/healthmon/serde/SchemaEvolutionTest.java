package dev.healthmon.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.SampleRecords;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fails the build when a schema change breaks a reader or a writer of a released version. */
class SchemaEvolutionTest {

    static Stream<Schema> currentSchemas() {
        return SampleRecords.all().stream().map(SpecificRecord::getSchema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void everyTypeHasAReleasedVersion(Schema current) {
        assertThat(SchemaHistory.released(current.getName())).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaIsBackwardAndForwardCompatibleWithEveryReleasedVersion(Schema current) {
        assertThat(SchemaHistory.incompatibilities(current, SchemaHistory.released(current.getName()))).isEmpty();
    }

    @Test
    void anIncompatibleChangeIsReportedInBothDirections() {
        Schema changed = EvolvedWriters.incompatible();

        List<String> problems = SchemaHistory.incompatibilities(changed, SchemaHistory.released("CheckResult"));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("new readers cannot read data written with CheckResult v1")
                        .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("location"))
                .anySatisfy(p -> assertThat(p).startsWith("readers of CheckResult v1 cannot read new data")
                        .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("region"));
    }

    @Test
    void anOptionalFieldWithADefaultIsACompatibleChange() {
        Schema changed = EvolvedWriters.compatible();

        assertThat(SchemaHistory.incompatibilities(changed, SchemaHistory.released("CheckResult"))).isEmpty();
    }
}
