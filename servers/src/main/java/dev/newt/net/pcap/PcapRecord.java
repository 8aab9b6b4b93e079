package dev.newt.net.pcap;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One packet of a capture file.
 *
 * @param timestampNanos capture time in nanoseconds since the epoch of the caller's clock (with a
 *                       microsecond file, a multiple of 1000)
 * @param frame          the captured bytes; copied in and out, so the record stays immutable
 * @param originalLength the packet's length on the wire, more than {@code frame.length} if the
 *                       capture cut it at the snaplen
 */
public record PcapRecord(long timestampNanos, byte[] frame, int originalLength) {

    /** Copies the frame and checks the lengths. */
    public PcapRecord {
        frame = frame.clone();
        if (originalLength < frame.length) {
            throw new IllegalArgumentException("original length " + originalLength + " below captured length "
                    + frame.length);
        }
    }

    /**
     * A record of a frame captured whole.
     *
     * @param timestampNanos capture time
     * @param frame          the bytes, copied
     */
    public PcapRecord(final long timestampNanos, final byte[] frame) {
        this(timestampNanos, frame, frame.length);
    }

    /** @return a copy of the captured bytes */
    @Override
    public byte[] frame() {
        return frame.clone();
    }

    /** @return whether the capture holds fewer bytes than the packet had */
    public boolean truncated() {
        return originalLength > frame.length;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof PcapRecord r && r.timestampNanos == timestampNanos
                && r.originalLength == originalLength && Arrays.equals(r.frame, frame);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestampNanos) * 31 * 31 + Arrays.hashCode(frame) * 31 + originalLength;
    }

    @Override
    public String toString() {
        final int n = Math.min(frame.length, 32);
        return "PcapRecord[t=" + timestampNanos + "ns, " + frame.length + "/" + originalLength + " bytes "
                + HexFormat.of().formatHex(frame, 0, n) + (n < frame.length ? "..." : "") + "]";
    }
}
