package dev.newt.net.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.newt.core.store.StateCodec;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The samples kept as checkpoint bytes encode exactly as the former byte-array property did. */
class RttStatsCheckpointTest {
    private final StateCodec codec = new StateCodec();

    /** @return the checkpoint the former RttStats wrote: {samples: the first count times as big-endian bytes} */
    private byte[] formerEncoding(final long[] times, final int count) {
        final ByteBuffer b = ByteBuffer.allocate(count * Long.BYTES);
        b.asLongBuffer().put(times, 0, count);
        return codec.encode("w", Map.of("samples", b.array()));
    }

    @Test
    void encodingIsTheFormerByteStringAtEveryCountAcrossGrowth() throws Exception {
        final Random random = new Random(15);
        final long[] times = new long[300];
        final RttStats r = new RttStats();
        for (int n = 0; n <= times.length; n++) {
            final byte[] encoded = codec.encode("w", r);
            assertThat(encoded).as("after %d samples", n).isEqualTo(formerEncoding(times, n));
            final RttStats back = codec.decode("w", encoded, RttStats.class);
            assertThat(back.count()).isEqualTo(n);
            assertThat(codec.encode("w", back)).isEqualTo(encoded);
            if (n < times.length) {
                times[n] = random.nextBoolean() ? random.nextLong() : random.nextInt(1_000_000);
                r.add(times[n]);
            }
        }
        for (int i = 0; i < times.length; i++) {
            assertThat(r.sample(i)).isEqualTo(times[i]);
        }
    }

    @Test
    void aRestoredStatsKeepsRecordingAsTheOriginal() {
        final RttStats original = new RttStats();
        for (int i = 0; i < 40; i++) {
            original.add(1_000L * i + 7);
        }
        final RttStats restored = codec.decode("w", codec.encode("w", original), RttStats.class);
        for (int i = 0; i < 100; i++) {
            original.add(-i);
            restored.add(-i);
        }
        assertThat(codec.encode("w", restored)).isEqualTo(codec.encode("w", original));
        assertThat(restored.mean()).isEqualTo(original.mean());
        assertThat(restored.percentile(99)).isEqualTo(original.percentile(99));
    }

    @Test
    void aStateTreeCarriesTheSamplesAsBinary() throws Exception {
        final RttStats r = new RttStats();
        r.add(0x0102030405060708L);
        final JsonNode tree = codec.mapper().valueToTree(r);
        assertThat(tree.get("samples").binaryValue()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        final RttStats back = codec.mapper().treeToValue(tree, RttStats.class);
        assertThat(back.sample(0)).isEqualTo(0x0102030405060708L);
    }
}
