package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable view of packet bytes, passed by reference from server to server: {@code length}
 * bytes of {@code array} from {@code offset}. The stack writes a segment's bytes once, into an
 * array with room in front of them ({@link #allocate}), and each layer below prepends its header
 * into that room ({@link #prepend}) instead of copying the segment into a new array; receivers
 * parse in place and pass views ({@link #slice}) upwards.
 *
 * <p><b>Discipline.</b> Once a view is in a message, nobody writes the bytes it covers. The only
 * bytes ever written after allocation are headroom bytes in front of a view, and only by the one
 * holder that claims them: the array's {@link Headroom} remembers how far down it has been
 * claimed, and a claim succeeds only for the view that starts exactly there (compare-and-set), so a
 * message delivered twice (a duplicating link or fault) or a slice in the middle can never write
 * over bytes another message refers to; it gets a copy instead. With the system property
 * {@value BufferCheck#PROPERTY} set, {@link BufferCheck} fingerprints every view put in a message
 * and {@link #verify()} fails on a view whose bytes changed since (see {@link BufferCheck}).
 *
 * @param array    the backing array; never written through this record
 * @param offset   first byte of the view
 * @param length   bytes in the view
 * @param headroom the array's claim marker, or {@code null} when there is no room to prepend into
 */
public record PacketBuffer(byte[] array, int offset, int length, Headroom headroom) {
    /** Room a transport reserves for the headers below it: Ethernet and an IPv4 header with options. */
    public static final int LINK_AND_IP_HEADROOM = EthernetFrame.HEADER_LENGTH + Ipv4Packet.MAX_HEADER_LENGTH;

    private static final PacketBuffer EMPTY = new PacketBuffer(new byte[0], 0, 0, null);

    /** Checks the bounds. */
    public PacketBuffer {
        Objects.requireNonNull(array, "array");
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IllegalArgumentException("view " + offset + "+" + length + " outside " + array.length + " bytes");
        }
    }

    /**
     * Records how far down an array's headroom has been claimed, so that at most one view ever
     * prepends at each position. Shared by every view of one array; mutable, thread-safe. (An
     * {@link AtomicInteger} itself, with no fields of its own: the fault injector's corruptions walk
     * messages field by field and have nothing to corrupt here.)
     */
    public static final class Headroom extends AtomicInteger {
        private static final long serialVersionUID = 1L;

        Headroom(final int front) {
            super(front);
        }

        /** @return whether the view starting at {@code at} now owns {@code [at - n, at)} */
        boolean claim(final int at, final int n) {
            return compareAndSet(at, at - n);
        }

        @Override
        public String toString() {
            return "Headroom[front=" + get() + "]";
        }
    }

    /**
     * @param bytes bytes to wrap, not copied; the caller must not change them afterwards
     * @return a view of all of them, without headroom
     */
    public static PacketBuffer wrap(final byte[] bytes) {
        return new PacketBuffer(bytes, 0, bytes.length, null);
    }

    /** @return an empty view */
    public static PacketBuffer empty() {
        return EMPTY;
    }

    /**
     * A fresh array for the producer to write {@code length} bytes into, at {@link #offset()}, before
     * the view goes into a message.
     *
     * @param headroom bytes reserved in front for the headers of the layers below
     * @param length   bytes of the view
     * @return the view
     */
    public static PacketBuffer allocate(final int headroom, final int length) {
        final byte[] a = new byte[headroom + length];
        return new PacketBuffer(a, headroom, length, new Headroom(headroom));
    }

    /**
     * A view {@code n} bytes longer at the front, whose first {@code n} bytes the caller must write
     * (and nothing else) before putting it in a message. Without the room, or when another view
     * has claimed it already, the view's bytes are copied behind fresh headroom: correct always,
     * zero-copy in the common case.
     *
     * @param n header bytes to prepend
     * @return the longer view
     */
    public PacketBuffer prepend(final int n) {
        if (n <= offset && headroom != null && headroom.claim(offset, n)) {
            return new PacketBuffer(array, offset - n, length + n, headroom);
        }
        final PacketBuffer copy = allocate(LINK_AND_IP_HEADROOM, n + length);
        System.arraycopy(array, offset, copy.array, copy.offset + n, length);
        return new PacketBuffer(copy.array, copy.offset, copy.length, copy.headroom);
    }

    /**
     * @param from first byte, relative to this view
     * @param len  bytes
     * @return a view of that range of the same bytes
     */
    public PacketBuffer slice(final int from, final int len) {
        if (from < 0 || len < 0 || from > length - len) {
            throw new IndexOutOfBoundsException("slice " + from + "+" + len + " of " + length);
        }
        return new PacketBuffer(array, offset + from, len, headroom);
    }

    /** @return a read-only {@link ByteBuffer} of the view, position 0, for the codecs */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /** @param i index in the view @return that byte */
    public byte get(final int i) {
        return array[offset + Objects.checkIndex(i, length)];
    }

    /**
     * @return the view's bytes as an array: the backing array itself when the view is all of it
     *         (then it must not be changed), else a copy. For callers outside the data path.
     */
    public byte[] toArray() {
        if (offset == 0 && length == array.length) {
            return array;
        }
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** @param dst where to copy the view's bytes @param at index in {@code dst} */
    public void copyTo(final byte[] dst, final int at) {
        System.arraycopy(array, offset, dst, at, length);
    }

    /**
     * In the debug mode of {@link BufferCheck}, fails if the bytes changed since the view was put
     * in a message; otherwise does nothing.
     *
     * @return this view
     */
    public PacketBuffer verify() {
        BufferCheck.verify(this);
        return this;
    }

    @Override
    public String toString() {
        return "PacketBuffer[" + length + " bytes at " + offset + " of " + array.length + "]";
    }
}
