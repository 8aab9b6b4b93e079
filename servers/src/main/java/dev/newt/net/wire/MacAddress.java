package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A 48-bit IEEE 802 MAC address, held in the low 48 bits of a {@code long} so that it is
 * immutable and compares and hashes without arrays.
 *
 * @param bits the address, first octet in bits 47..40
 */
public record MacAddress(long bits) {

    /** Number of octets on the wire. */
    public static final int LENGTH = 6;
    /** ff:ff:ff:ff:ff:ff, every station. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
    /** 00:00:00:00:00:00, the "unknown" target hardware address of an ARP request. */
    public static final MacAddress ZERO = new MacAddress(0L);

    private static final long MASK = 0xFFFF_FFFF_FFFFL;

    /** Rejects values that do not fit in 48 bits. */
    public MacAddress {
        if ((bits & ~MASK) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: 0x" + Long.toHexString(bits));
        }
    }

    /**
     * Parses six colon-separated hex octets, "02:00:00:00:00:01" (case-insensitive; one or two
     * digits per octet).
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException naming the text if it is not such an address
     */
    public static MacAddress parse(final String text) {
        Objects.requireNonNull(text, "text");
        final String[] parts = text.split(":", -1);
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address (want 6 octets like 02:00:00:00:00:01): \"" + text + "\"");
        }
        long v = 0;
        for (final String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("bad octet \"" + p + "\" in MAC address \"" + text + "\"");
            }
            int octet = 0;
            for (int i = 0; i < p.length(); i++) {
                final int d = Character.digit(p.charAt(i), 16);
                if (d < 0) {
                    throw new IllegalArgumentException("bad octet \"" + p + "\" in MAC address \"" + text + "\"");
                }
                octet = octet * 16 + d;
            }
            v = (v << 8) | octet;
        }
        return new MacAddress(v);
    }

    /**
     * @param octets exactly six octets, first on the wire first
     * @return the address
     */
    public static MacAddress of(final byte[] octets) {
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("MAC address needs 6 octets, got " + octets.length);
        }
        return read(ByteBuffer.wrap(octets), 0);
    }

    /**
     * Reads six octets at an absolute index; the caller has checked that they are there.
     *
     * @param buffer the bytes
     * @param index  absolute index of the first octet
     * @return the address
     */
    public static MacAddress read(final ByteBuffer buffer, final int index) {
        return new MacAddress(Bytes.u48(buffer, index));
    }

    /**
     * Writes the six octets at the buffer's position and advances it.
     *
     * @param buffer destination
     */
    public void writeTo(final ByteBuffer buffer) {
        Bytes.putU48(buffer, bits);
    }

    /** @return the six octets, first on the wire first */
    public byte[] toBytes() {
        final byte[] b = new byte[LENGTH];
        writeTo(ByteBuffer.wrap(b));
        return b;
    }

    /** @return whether this is ff:ff:ff:ff:ff:ff */
    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    /** @return whether the group bit (least significant bit of the first octet) is set; broadcast is too */
    public boolean isMulticast() {
        return (bits & (1L << 40)) != 0;
    }

    /** @return lower-case colon form, "02:00:00:00:00:01" */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            final int octet = (int) (bits >>> shift) & 0xFF;
            if (shift != 40) {
                sb.append(':');
            }
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
        }
        return sb.toString();
    }
}
