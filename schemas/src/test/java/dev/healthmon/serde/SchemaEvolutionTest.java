package dev.healthmon.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.SampleRecords;
import java.util.ArrayList;
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
        assertThat(incompatibilities(current, SchemaHistory.released(current.getName()))).isEmpty();
    }

    @Test
    void anIncompatibleChangeIsReportedInBothDirections() {
        Schema changed = EvolvedWriters.incompatible();

        List<String> problems = incompatibilities(changed, SchemaHistory.released("CheckResult"));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("new readers cannot read data written with CheckResult v1")
                        .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("location"))
                .anySatisfy(p -> assertThat(p).startsWith("readers of CheckResult v1 cannot read new data")
                        .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("region"));
    }

    @Test
    void anOptionalFieldWithADefaultIsACompatibleChange() {
        Schema changed = EvolvedWriters.compatible();

        assertThat(incompatibilities(changed, SchemaHistory.released("CheckResult"))).isEmpty();
    }

    /**
     * The rule a schema change is released under: every way {@code current} fails to be both backward and forward
     * compatible with the given released versions; empty when it is.
     */
    private static List<String> incompatibilities(Schema current, List<Schema> released) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < released.size(); i++) {
            Schema old = released.get(i);
            String version = current.getName() + " v" + (i + 1);
            SchemaHistory.unreadable(current, old).forEach(
                    p -> problems.add("new readers cannot read data written with " + version + ": " + p));
            SchemaHistory.unreadable(old, current).forEach(
                    p -> problems.add("readers of " + version + " cannot read new data: " + p));
        }
        return problems;
    }
}
