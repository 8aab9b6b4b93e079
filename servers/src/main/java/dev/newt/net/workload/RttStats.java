package dev.newt.net.workload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.newt.core.server.NotSaved;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Round-trip times recorded by a workload, as a growable array in its checkpointed state.
 * Percentiles are exact (nearest rank), computed on a sorted copy.
 *
 * <p>Checkpointed as one byte string, {@code samples}: the recorded times, 8 bytes each, big-endian.
 * A workload checkpoints after every message and holds a time per call, so the array is most of its
 * state; as bytes it is copied, where as numbers each was encoded on its own (and the spare capacity
 * with them).
 */
public final class RttStats {
    @JsonIgnore
    @NotSaved("saved as the property samples (getSamples/setSamples): the first count, as bytes")
    long[] samples = new long[16];
    @JsonIgnore
    @NotSaved("the length of the property samples over 8")
    int count;

    /** @return the recorded times, 8 bytes each, big-endian: for the checkpoint */
    @JsonProperty("samples")
    byte[] getSamples() {
        final ByteBuffer b = ByteBuffer.allocate(count * Long.BYTES);
        b.asLongBuffer().put(samples, 0, count);
        return b.array();
    }

    /** @param bytes the recorded times, as {@link #getSamples} wrote them */
    @JsonProperty("samples")
    void setSamples(final byte[] bytes) {
        if (bytes.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("samples: " + bytes.length + " bytes is not a whole number of times");
        }
        count = bytes.length / Long.BYTES;
        samples = new long[Math.max(16, count)];
        ByteBuffer.wrap(bytes).asLongBuffer().get(samples, 0, count);
    }

    /** @param nanos one round-trip time */
    public void add(final long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    /** @return samples recorded */
    public int count() {
        return count;
    }

    /** @param p percentile in (0, 100] @return the nearest-rank percentile, or 0 with no samples */
    public long percentile(final double p) {
        return nearestRank(sorted(), p);
    }

    /** @return a sorted copy of the samples, for several percentiles from one sort */
    long[] sorted() {
        final long[] sorted = Arrays.copyOf(samples, count);
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
            sum += samples[i];
        }
        return count == 0 ? 0 : sum / count;
    }
}
