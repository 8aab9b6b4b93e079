package dev.newt.net.workload;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.newt.core.server.NotSaved;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, as an HdrHistogram (1 µs to 1 min, 3 significant digits) that a
 * workload keeps in its checkpointed state: Jackson sees it as one field, {@code encoded}, the
 * histogram's own run-length encoding (not the deflated one: a workload checkpoints after every
 * message, and a Deflater per checkpoint costs more than the bytes it saves), cached between
 * records.
 */
public final class LatencyHistogram {
    private static final long LOWEST = 1_000L;
    private static final long HIGHEST = 60_000_000_000L;

    @JsonIgnore
    @NotSaved("saved as its encoding, the property encoded, and decoded from it on restore")
    private Histogram histogram = fresh();
    @JsonIgnore
    @NotSaved("a cache of the encoding, made again on the next checkpoint")
    private byte[] cached;
    @JsonIgnore
    @NotSaved("scratch space for encoding, allocated when needed")
    private ByteBuffer scratch;

    private static Histogram fresh() {
        return new Histogram(LOWEST, HIGHEST, 3);
    }

    /** @param nanos one latency; clamped to the trackable range */
    public void record(final long nanos) {
        histogram.recordValue(Math.max(LOWEST, Math.min(HIGHEST, nanos)));
        cached = null;
    }

    /** @return latencies recorded */
    public long count() {
        return histogram.getTotalCount();
    }

    /** @param p percentile in [0, 100] @return its value in nanoseconds, 0 with no samples */
    public long percentile(final double p) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(p);
    }

    /** @return the largest latency, 0 with no samples */
    public long max() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
    }

    /** @return the mean, 0 with no samples */
    public long mean() {
        return histogram.getTotalCount() == 0 ? 0 : (long) histogram.getMean();
    }

    /** @return the compressed encoding, for Jackson */
    @JsonProperty("encoded")
    byte[] encoded() {
        if (cached == null) {
            final int need = histogram.getNeededByteBufferCapacity();
            if (scratch == null || scratch.capacity() < need) {
                scratch = ByteBuffer.allocate(need);
            }
            scratch.clear();
            final int n = histogram.encodeIntoByteBuffer(scratch);
            cached = Arrays.copyOf(scratch.array(), n);
        }
        return cached;
    }

    /** @param b a compressed encoding, from Jackson */
    @JsonProperty("encoded")
    void encoded(final byte[] b) {
        histogram = Histogram.decodeFromByteBuffer(ByteBuffer.wrap(b), HIGHEST);
        cached = b.clone();
    }
}
