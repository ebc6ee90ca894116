package dev.healthmon.analyzer.topology;

import dev.healthmon.serde.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Reads the raw bytes of an input topic, so that a record that cannot be decoded is set aside instead of stopping
 * the stream: it goes to the dead-letter topic with its original key, value and headers, plus headers saying what
 * was wrong and where it came from, and processing goes on. Everything else goes on to the analysis, keyed by the
 * target id.
 */
final class DecodingProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = Logger.getLogger(DecodingProcessor.class);

    private final RecordDecoder decoder;
    private final String analysisNode;
    private final String deadLetterNode;
    private final AnalyzerMetrics metrics;
    private ProcessorContext<Object, Object> context;

    DecodingProcessor(RecordDecoder decoder, String analysisNode, String deadLetterNode, AnalyzerMetrics metrics) {
        this.decoder = decoder;
        this.analysisNode = analysisNode;
        this.deadLetterNode = deadLetterNode;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        AnalyzerInput input;
        try {
            if (record.key() == null) {
                throw new MalformedRecordException(source.topic(), "record key", "no key; the key is the target id",
                        null);
            }
            input = decoder.decode(source.topic(), record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        } catch (MalformedRecordException e) {
            deadLetter(record, source, e);
            return;
        }
        String targetId = new String(record.key(), StandardCharsets.UTF_8);
        context.forward(new Record<Object, Object>(targetId, input, record.timestamp(), record.headers()),
                analysisNode);
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, MalformedRecordException error) {
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(),
                DeadLetters.headers(record.headers(), error, source)), deadLetterNode);
        metrics.deadLettered(source.topic());
        LOG.warnf("Record %s-%d@%d set aside in the dead-letter topic: %s", source.topic(), source.partition(),
                source.offset(), error.getMessage());
    }
}
