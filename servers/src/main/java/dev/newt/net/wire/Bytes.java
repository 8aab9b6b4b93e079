package dev.newt.net.wire;

import java.nio.ByteBuffer;

/**
 * Network-order reads and writes on a {@link ByteBuffer}, done byte by byte so that they do not
 * depend on the buffer's {@link java.nio.ByteOrder} (a caller may hand us a little-endian buffer).
 */
final class Bytes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytes() {
    }

    static int u8(final ByteBuffer b, final int index) {
        return b.get(index) & 0xFF;
    }

    static int u16(final ByteBuffer b, final int index) {
        return (u8(b, index) << 8) | u8(b, index + 1);
    }

    static int i32(final ByteBuffer b, final int index) {
        return (u16(b, index) << 16) | u16(b, index + 2);
    }

    static long u48(final ByteBuffer b, final int index) {
        return ((long) u16(b, index) << 32) | (i32(b, index + 2) & 0xFFFF_FFFFL);
    }

    static void putU8(final ByteBuffer b, final int value) {
        b.put((byte) value);
    }

    static void putU16(final ByteBuffer b, final int value) {
        b.put((byte) (value >>> 8));
        b.put((byte) value);
    }

    static void putU16(final ByteBuffer b, final int index, final int value) {
        b.put(index, (byte) (value >>> 8));
        b.put(index + 1, (byte) value);
    }

    static void putI32(final ByteBuffer b, final int value) {
        putU16(b, value >>> 16);
        putU16(b, value);
    }

    static void putU48(final ByteBuffer b, final long value) {
        putU16(b, (int) (value >>> 32));
        putI32(b, (int) value);
    }

    /** A read-only view of {@code b}'s remaining bytes, independent of its later position changes. */
    static ByteBuffer view(final ByteBuffer b) {
        return b.slice().asReadOnlyBuffer();
    }

    /** A read-only view of {@code length} bytes of {@code b} from absolute {@code index}. */
    static ByteBuffer view(final ByteBuffer b, final int index, final int length) {
        return b.slice(index, length).asReadOnlyBuffer();
    }

    /** Copies {@code src}'s remaining bytes into {@code dst} without moving {@code src}. */
    static void put(final ByteBuffer dst, final ByteBuffer src) {
        dst.put(src.duplicate());
    }

    /** Hex of at most {@code max} leading bytes, for {@code toString}s that stay short. */
    static String hex(final ByteBuffer b, final int max) {
        final int n = Math.min(b.remaining(), max);
        final StringBuilder sb = new StringBuilder(n * 2 + 24);
        sb.append(b.remaining()).append(" bytes");
        if (n > 0) {
            sb.append(' ');
        }
        for (int i = 0; i < n; i++) {
            final int v = b.get(b.position() + i) & 0xFF;
            sb.append(HEX[v >>> 4]).append(HEX[v & 0xF]);
        }
        if (n < b.remaining()) {
            sb.append("...");
        }
        return sb.toString();
    }
}
