package dev.healthmon.analyzer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.store.StoredStateSince;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.serde.SchemaHistory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** The uptime state store's records as an analyzer from before fold points wrote them are still read after restore. */
class StoredStateSinceHistoryTest {

    @Test
    void aStateStoredWithoutAFoldPointIsReadWithNone() throws IOException {
        Schema v1 = SchemaHistory.released("StoredStateSince").get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("state", "UP");
        old.put("since", 1_795_255_200_000L);
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        StoredStateSince read = AvroSerde.of(StoredStateSince.class).deserialize("changelog", bytes);

        assertThat(read.getState()).isEqualTo("UP");
        assertThat(read.getSince()).isEqualTo(Instant.ofEpochMilli(1_795_255_200_000L));
        assertThat(read.getFoldedThrough()).isNull();
    }
}
