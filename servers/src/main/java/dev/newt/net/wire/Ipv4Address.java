package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An IPv4 address, held in an {@code int} (first octet in the high byte) so that it is
 * immutable, cheap, and masks with plain bit operations.
 *
 * @param bits the address in network order, read as a signed int
 */
public record Ipv4Address(int bits) {

    /** Number of octets on the wire. */
    public static final int LENGTH = 4;
    /** 0.0.0.0, "this host" / unspecified. */
    public static final Ipv4Address ANY = new Ipv4Address(0);
    /** 255.255.255.255, the limited broadcast address. */
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    /**
     * Parses a dotted quad, "192.168.0.1": four decimal octets 0..255. Leading zeros are refused,
     * because inet_aton would read "010" as octal 8 and we do not want to guess.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException naming the text if it is not a dotted quad
     */
    public static Ipv4Address parse(final String text) {
        Objects.requireNonNull(text, "text");
        final String[] parts = text.split("\\.", -1);
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a dotted-quad IPv4 address: \"" + text + "\"");
        }
        int v = 0;
        for (final String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("bad octet \"" + p + "\" in IPv4 address \"" + text + "\"");
            }
            int octet = 0;
            for (int i = 0; i < p.length(); i++) {
                final char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("bad octet \"" + p + "\" in IPv4 address \"" + text + "\"");
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                throw new IllegalArgumentException("octet " + octet + " above 255 in IPv4 address \"" + text + "\"");
            }
            v = (v << 8) | octet;
        }
        return new Ipv4Address(v);
    }

    /**
     * @param a first octet
     * @param b second octet
     * @param c third octet
     * @param d fourth octet
     * @return a.b.c.d
     */
    public static Ipv4Address of(final int a, final int b, final int c, final int d) {
        for (final int o : new int[] {a, b, c, d}) {
            if (o < 0 || o > 255) {
                throw new IllegalArgumentException("IPv4 octet out of range 0..255: " + o);
            }
        }
        return new Ipv4Address((a << 24) | (b << 16) | (c << 8) | d);
    }

    /**
     * @param octets exactly four octets, first on the wire first
     * @return the address
     */
    public static Ipv4Address of(final byte[] octets) {
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("IPv4 address needs 4 octets, got " + octets.length);
        }
        return read(ByteBuffer.wrap(octets), 0);
    }

    /**
     * Reads four octets at an absolute index; the caller has checked that they are there.
     *
     * @param buffer the bytes
     * @param index  absolute index of the first octet
     * @return the address
     */
    public static Ipv4Address read(final ByteBuffer buffer, final int index) {
        return new Ipv4Address(Bytes.i32(buffer, index));
    }

    /**
     * Writes the four octets at the buffer's position and advances it.
     *
     * @param buffer destination
     */
    public void writeTo(final ByteBuffer buffer) {
        Bytes.putI32(buffer, bits);
    }

    /** @return the four octets, first on the wire first */
    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    /**
     * The netmask of a prefix length: 24 gives 0xFFFFFF00.
     *
     * @param prefixLength 0..32
     * @return the mask as an int
     */
    public static int netmask(final int prefixLength) {
        checkPrefix(prefixLength);
        // Java masks shift distances to 5 bits, so -1 << 32 would be -1, not 0: special-case /0.
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /**
     * @param prefixLength 0..32
     * @return this address with the host bits cleared: the network address of its subnet
     */
    public Ipv4Address network(final int prefixLength) {
        return new Ipv4Address(bits & netmask(prefixLength));
    }

    /**
     * @param prefixLength 0..32
     * @return this address with the host bits set: the directed broadcast address of its subnet
     */
    public Ipv4Address subnetBroadcast(final int prefixLength) {
        return new Ipv4Address(bits | ~netmask(prefixLength));
    }

    /**
     * Whether this address is in the subnet {@code network/prefixLength}; the host bits of
     * {@code network} are ignored, so an interface address works as well as a network address.
     *
     * @param network      any address of the subnet
     * @param prefixLength 0..32
     * @return whether the first {@code prefixLength} bits agree
     */
    public boolean inSubnet(final Ipv4Address network, final int prefixLength) {
        final int mask = netmask(prefixLength);
        return (bits & mask) == (network.bits & mask);
    }

    /** @return whether this is 255.255.255.255 */
    public boolean isLimitedBroadcast() {
        return bits == -1;
    }

    /** @return whether this is in 224.0.0.0/4 */
    public boolean isMulticast() {
        return (bits >>> 28) == 0xE;
    }

    /** @return whether this is in 127.0.0.0/8 */
    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    private static void checkPrefix(final int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, was " + prefixLength);
        }
    }

    /** @return the dotted quad, "192.168.0.1" */
    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
