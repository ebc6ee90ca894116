package dev.healthmon.analyzer.topology;

import dev.healthmon.serde.MalformedRecordException;

/** Turns the raw value of a record from {@code topic} into an analysis input, or says why it cannot. */
@FunctionalInterface
interface RecordDecoder {

    AnalyzerInput decode(String topic, byte[] value) throws MalformedRecordException;
}
