package dev.newt.net.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Internet checksum of RFC 1071: the 16-bit one's complement of the one's complement sum of
 * the data taken as big-endian 16-bit words, an odd last byte padded with a zero byte.
 *
 * <p>An instance is an accumulator, so that discontiguous pieces (a pseudo-header built from
 * address fields, then the segment in the receive buffer) can be summed without first copying
 * them together. Pieces may have odd lengths: the accumulator remembers whether the next byte is
 * the high or the low half of a word, so summing in pieces gives the same result as summing the
 * concatenation. Not thread-safe; cheap to create, or {@link #reset()} to reuse.
 *
 * <p>To verify a received message, sum it including its checksum field: the message is intact
 * when {@link #isValid()} holds, that is when the folded sum is {@code 0xFFFF} (negative zero).
 */
public final class Checksum {
    /*
     * Plain sum in a long, folded only at the end (RFC 1071 section 2, "deferred carries" and
     * "parallel summation"): runs of eight bytes are added as two 32-bit words, which folds to the
     * same 16-bit one's complement sum since 2^16 = 1 modulo 2^16 - 1; each addition is below 2^33,
     * so 2^30 of them (8 GB) fit before it could overflow, far beyond any packet.
     */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private long sum;
    /** True after an odd number of bytes: the next byte is the low-order half of a word. */
    private boolean odd;

    /** An empty accumulator. */
    public Checksum() {
    }

    /**
     * Adds {@code length} bytes of {@code data} from {@code offset}.
     *
     * @param data   the bytes
     * @param offset first byte to add
     * @param length how many bytes
     * @return this accumulator
     * @throws IndexOutOfBoundsException if the range is not inside {@code data}
     */
    public Checksum add(final byte[] data, final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int i = offset;
        final int end = offset + length;
        if (odd && i < end) {
            addByte(data[i++]);
        }
        long s = sum;
        for (; i + 7 < end; i += 8) {
            final long w = (long) LONGS.get(data, i);
            s += (w >>> 32) + (w & 0xFFFF_FFFFL);
        }
        for (; i + 1 < end; i += 2) {
            s += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        sum = s;
        if (i < end) {
            addByte(data[i]);
        }
        return this;
    }

    /**
     * Adds all of {@code data}.
     *
     * @param data the bytes
     * @return this accumulator
     */
    public Checksum add(final byte[] data) {
        return add(data, 0, data.length);
    }

    /**
     * Adds {@code length} bytes of {@code buffer} from absolute {@code index}, leaving its
     * position alone.
     *
     * @param buffer the bytes, in any byte order
     * @param index  absolute index of the first byte
     * @param length how many bytes
     * @return this accumulator
     * @throws IndexOutOfBoundsException if the range is not below the buffer's limit
     */
    public Checksum add(final ByteBuffer buffer, final int index, final int length) {
        Objects.checkFromIndexSize(index, length, buffer.limit());
        if (buffer.hasArray()) {
            return add(buffer.array(), buffer.arrayOffset() + index, length);
        }
        int i = index;
        final int end = index + length;
        if (odd && i < end) {
            addByte(buffer.get(i++));
        }
        long s = sum;
        // Read-only and direct buffers have no array to hand over: eight bytes at a time here too.
        final boolean bigEndian = buffer.order() == ByteOrder.BIG_ENDIAN;
        for (; i + 7 < end; i += 8) {
            final long w = bigEndian ? buffer.getLong(i) : Long.reverseBytes(buffer.getLong(i));
            s += (w >>> 32) + (w & 0xFFFF_FFFFL);
        }
        for (; i + 1 < end; i += 2) {
            s += ((buffer.get(i) & 0xFF) << 8) | (buffer.get(i + 1) & 0xFF);
        }
        sum = s;
        if (i < end) {
            addByte(buffer.get(i));
        }
        return this;
    }

    /**
     * Adds the remaining bytes of {@code buffer} (position to limit), leaving its position alone.
     *
     * @param buffer the bytes
     * @return this accumulator
     */
    public Checksum add(final ByteBuffer buffer) {
        return add(buffer, buffer.position(), buffer.remaining());
    }

    /**
     * Adds a 16-bit value as two bytes, high first, as if it were in the data.
     *
     * @param value the low 16 bits are added
     * @return this accumulator
     */
    public Checksum addShort(final int value) {
        addByte((byte) (value >>> 8));
        addByte((byte) value);
        return this;
    }

    /**
     * Adds a 32-bit value as four bytes, most significant first (an IPv4 address, say).
     *
     * @param value the value
     * @return this accumulator
     */
    public Checksum addInt(final int value) {
        return addShort(value >>> 16).addShort(value);
    }

    private void addByte(final byte b) {
        sum += odd ? (b & 0xFF) : (b & 0xFF) << 8;
        odd = !odd;
    }

    /**
     * @return the one's complement sum so far, folded to 16 bits (not complemented)
     */
    public int sum() {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /**
     * @return the checksum of everything added: the complement of {@link #sum()}, in 0..0xFFFF
     */
    public int value() {
        return ~sum() & 0xFFFF;
    }

    /**
     * @return whether the data added, checksum field included, sums to negative zero (0xFFFF)
     */
    public boolean isValid() {
        return sum() == 0xFFFF;
    }

    /**
     * Empties the accumulator for reuse.
     *
     * @return this accumulator
     */
    public Checksum reset() {
        sum = 0;
        odd = false;
        return this;
    }

    /**
     * @param data   the bytes
     * @param offset first byte
     * @param length how many bytes
     * @return the Internet checksum of the range
     */
    public static int compute(final byte[] data, final int offset, final int length) {
        return new Checksum().add(data, offset, length).value();
    }

    /**
     * @param buffer the bytes from position to limit
     * @return the Internet checksum of the remaining bytes
     */
    public static int compute(final ByteBuffer buffer) {
        return new Checksum().add(buffer).value();
    }

    /**
     * @param data   a message including its checksum field
     * @param offset first byte
     * @param length how many bytes
     * @return whether the range's checksum verifies
     */
    public static boolean verify(final byte[] data, final int offset, final int length) {
        return new Checksum().add(data, offset, length).isValid();
    }

    /**
     * @param buffer a message including its checksum field
     * @param index  absolute index of the first byte
     * @param length how many bytes
     * @return whether the range's checksum verifies
     */
    public static boolean verify(final ByteBuffer buffer, final int index, final int length) {
        return new Checksum().add(buffer, index, length).isValid();
    }
}
