package dev.healthmon.analyzer.topology;

import dev.healthmon.topic.TargetPartitions;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends each raw {@code check-results} record on by where it was found: in the partition its key (the target id)
 * belongs in, to be decoded and analysed here; in another one (a producer that does not partition as Java clients
 * do, such as librdkafka's default CRC32 partitioner), to be re-routed through the internal repartition topic, which
 * puts it in its key's partition, and analysed by the task that owns its target. A record without key is left to
 * the decoder, which sets it aside.
 */
final class ResultPlacement implements Processor<byte[], byte[], byte[], byte[]> {

    /** Added to a re-routed record: {@code <topic>-<partition>@<offset>} where it was found. */
    static final String REROUTED_FROM_HEADER = "healthmon.rerouted.from";

    private final int partitions;
    private final String placedNode;
    private final String misplacedNode;
    private ProcessorContext<byte[], byte[]> context;

    /**
     * @param partitions the partition count of {@code check-results} (the catalogue's, which the analyzer checks at
     *     start)
     */
    ResultPlacement(int partitions, String placedNode, String misplacedNode) {
        this.partitions = partitions;
        this.placedNode = placedNode;
        this.misplacedNode = misplacedNode;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (record.key() == null || TargetPartitions.ofKey(record.key(), partitions) == source.partition()) {
            context.forward(record, placedNode);
            return;
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(REROUTED_FROM_HEADER);
        headers.add(REROUTED_FROM_HEADER, (source.topic() + "-" + source.partition() + "@" + source.offset())
                .getBytes(StandardCharsets.UTF_8));
        context.forward(record.withHeaders(headers), misplacedNode);
    }
}
