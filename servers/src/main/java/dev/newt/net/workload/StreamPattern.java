package dev.newt.net.workload;

/**
 * The seeded byte pattern of the stream workloads: byte {@code i} of a stream is a function of the
 * seed and {@code i} alone, so a receiver checks every byte at any offset without keeping what was
 * sent. Each 8-byte word is one SplitMix64 step of (seed, word index): cheap, and no two nearby
 * words alike, so a byte delivered twice, lost or out of place shows as a mismatch.
 */
public final class StreamPattern {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private StreamPattern() {
    }

    private static long word(final long seed, final long index) {
        long z = seed * GOLDEN + index * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param seed the stream's seed
     * @param i    offset in the stream
     * @return the byte at that offset
     */
    public static byte at(final long seed, final long i) {
        return (byte) (word(seed, i >>> 3) >>> ((i & 7) << 3));
    }

    /**
     * Fills {@code dst[off, off + len)} with the stream's bytes from {@code offset}.
     *
     * @param seed   the stream's seed
     * @param offset offset in the stream of the first byte
     * @param dst    where to write
     * @param off    first index of {@code dst}
     * @param len    how many bytes
     */
    public static void fill(final long seed, final long offset, final byte[] dst, final int off, final int len) {
        long word = 0;
        long wordIndex = -1;
        for (int j = 0; j < len; j++) {
            final long i = offset + j;
            if ((i >>> 3) != wordIndex) {
                wordIndex = i >>> 3;
                word = word(seed, wordIndex);
            }
            dst[off + j] = (byte) (word >>> ((i & 7) << 3));
        }
    }

    /**
     * @param seed   the stream's seed
     * @param offset offset in the stream
     * @param len    how many bytes
     * @return a fresh array with the stream's bytes from {@code offset}
     */
    public static byte[] make(final long seed, final long offset, final int len) {
        final byte[] b = new byte[len];
        fill(seed, offset, b, 0, len);
        return b;
    }

    /**
     * @param seed   the stream's seed
     * @param offset offset in the stream of {@code data[off]}
     * @param data   bytes received
     * @param off    first index to check
     * @param len    how many to check
     * @return how many of them differ from the pattern
     */
    public static int mismatches(final long seed, final long offset, final byte[] data, final int off,
                                 final int len) {
        int bad = 0;
        long word = 0;
        long wordIndex = -1;
        for (int j = 0; j < len; j++) {
            final long i = offset + j;
            if ((i >>> 3) != wordIndex) {
                wordIndex = i >>> 3;
                word = word(seed, wordIndex);
            }
            if (data[off + j] != (byte) (word >>> ((i & 7) << 3))) {
                bad++;
            }
        }
        return bad;
    }

    /**
     * @param seed   the stream's seed
     * @param offset offset in the stream of {@code data[0]}
     * @param data   bytes received
     * @return the index in {@code data} of the first byte that differs, or -1
     */
    public static int firstMismatch(final long seed, final long offset, final byte[] data) {
        for (int j = 0; j < data.length; j++) {
            if (data[j] != at(seed, offset + j)) {
                return j;
            }
        }
        return -1;
    }
}
