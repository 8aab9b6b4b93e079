package dev.newt.net.workload;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Self-checking payloads: an 8-byte sequence number, bytes drawn from a PRNG seeded by the
 * sequence number and the workload seed, and a CRC-32 of all that. A receiver regenerates the
 * expected bytes from the sequence number alone, so it tells a corrupted payload from a good
 * one exactly, not by guessing.
 */
public final class Payloads {
    /** Smallest payload: sequence number and CRC. */
    public static final int MIN_SIZE = 12;

    private Payloads() {
    }

    /**
     * @param seed workload seed
     * @param seq  sequence number
     * @param size total size, at least {@link #MIN_SIZE}
     * @return a fresh payload
     */
    public static byte[] make(final long seed, final long seq, final int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("payload size must be >= " + MIN_SIZE + ", was " + size);
        }
        final byte[] b = new byte[size];
        final ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putLong(seq);
        final SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + seq);
        for (int i = 8; i < size - 4; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        final CRC32 crc = new CRC32();
        crc.update(b, 0, size - 4);
        buf.putInt(size - 4, (int) crc.getValue());
        return b;
    }

    /**
     * @param seed workload seed
     * @param data a received payload
     * @return its sequence number if it is exactly the payload that was sent with it, else -1
     */
    public static long verify(final long seed, final byte[] data) {
        if (data.length < MIN_SIZE) {
            return -1;
        }
        final long seq = ByteBuffer.wrap(data).getLong(0);
        if (seq < 0) {
            return -1;
        }
        return java.util.Arrays.equals(data, make(seed, seq, data.length)) ? seq : -1;
    }
}
