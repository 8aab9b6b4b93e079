package dev.newt.net.wire;

import java.nio.ByteBuffer;

/** The ICMP layout shared by every message kind, kept in one place so the checksum is done once. */
final class IcmpCodec {

    private IcmpCodec() {
    }

    /**
     * Writes type, code, checksum, the four type-specific bytes and the data, then fills in the
     * checksum over all of it.
     */
    static void write(final ByteBuffer dst, final int type, final int code, final int restOfHeader,
                      final ByteBuffer data) {
        final int start = dst.position();
        Bytes.putU8(dst, type);
        Bytes.putU8(dst, code);
        Bytes.putU16(dst, 0);
        Bytes.putI32(dst, restOfHeader);
        Bytes.put(dst, data);
        Bytes.putU16(dst, start + 2, new Checksum().add(dst, start, dst.position() - start).value());
    }

    static void checkByte(final String name, final int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must be 0..255, was " + value);
        }
    }

    static void checkShort(final String name, final int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 0..65535, was " + value);
        }
    }
}
