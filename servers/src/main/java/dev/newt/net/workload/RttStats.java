package dev.newt.net.workload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.newt.core.server.NotSaved;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Round-trip times recorded by a workload, as a growable array in its checkpointed state.
 * Percentiles are exact (nearest rank), computed on a sorted copy.
 *
 * <p>Checkpointed as one byte string, {@code samples}: the recorded times, 8 bytes each, big-endian.
 * A workload checkpoints after every message and holds a time per call, so the samples are most of
 * its state. They are therefore kept in memory as those very bytes, each time written once when it
 * is recorded, and a checkpoint hands the first {@code 8 * count} of them to the encoder as they are
 * (one copy into the encoder's buffer): converting every sample to a fresh byte array at each
 * checkpoint made a run's checkpoints cost O(n^2) allocation and conversion.
 */
public final class RttStats {
    /** Reads and writes a time as 8 big-endian bytes at any offset of a byte array. */
    private static final VarHandle TIME = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    @JsonIgnore
    @NotSaved("saved as the property samples (getSamples/setSamples): its first 8 * count bytes")
    byte[] bytes = new byte[16 * Long.BYTES];
    @JsonIgnore
    @NotSaved("the length of the property samples over 8")
    int count;

    /** @return the recorded times, 8 bytes each, big-endian: for the checkpoint (a view, not a copy) */
    @JsonProperty("samples")
    @JsonSerialize(using = SamplesWriter.class)
    RttStats getSamples() {
        return this;
    }

    /** @param encoded the recorded times, as {@link #getSamples} wrote them */
    @JsonProperty("samples")
    void setSamples(final byte[] encoded) {
        if (encoded.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("samples: " + encoded.length + " bytes is not a whole number of times");
        }
        count = encoded.length / Long.BYTES;
        bytes = Arrays.copyOf(encoded, Math.max(16, count) * Long.BYTES);
    }

    /** @param nanos one round-trip time */
    public void add(final long nanos) {
        if (count * Long.BYTES == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        TIME.set(bytes, count * Long.BYTES, nanos);
        count++;
    }

    /** @return samples recorded */
    public int count() {
        return count;
    }

    /** @param i index below {@link #count()} @return the i-th recorded time */
    long sample(final int i) {
        return (long) TIME.get(bytes, i * Long.BYTES);
    }

    /** @param p percentile in (0, 100] @return the nearest-rank percentile, or 0 with no samples */
    public long percentile(final double p) {
        return nearestRank(sorted(), p);
    }

    /** @return a sorted copy of the samples, for several percentiles from one sort */
    long[] sorted() {
        final long[] sorted = new long[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = sample(i);
        }
        Arrays.sort(sorted);
        return sorted;
    }

    /** @param sorted sorted samples @param p percentile in (0, 100] @return nearest rank, 0 if none */
    static long nearestRank(final long[] sorted, final double p) {
        if (sorted.length == 0) {
            return 0;
        }
        final int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** @return the mean, or 0 with no samples */
    public long mean() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += sample(i);
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Writes the samples' bytes in place: the same byte string a {@code byte[]} of them gives. */
    static final class SamplesWriter extends StdSerializer<RttStats> {
        SamplesWriter() {
            super(RttStats.class);
        }

        @Override
        public void serialize(final RttStats stats, final JsonGenerator gen, final SerializerProvider provider)
            throws IOException {
            gen.writeBinary(provider.getConfig().getBase64Variant(), stats.bytes, 0, stats.count * Long.BYTES);
        }
    }
}
