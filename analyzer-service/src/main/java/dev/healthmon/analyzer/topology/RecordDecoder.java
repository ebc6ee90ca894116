package dev.healthmon.analyzer.topology;

import dev.healthmon.serde.MalformedRecordException;
import java.time.Instant;

/**
 * Turns the raw value of a record from {@code topic}, read at {@code now} by the wall clock, into an analysis input, or
 * says why it cannot.
 */
@FunctionalInterface
interface RecordDecoder {

    AnalyzerInput decode(String topic, byte[] value, Instant now) throws MalformedRecordException;
}
