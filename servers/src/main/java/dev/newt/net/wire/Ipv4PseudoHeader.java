package dev.newt.net.wire;

/**
 * The IPv4 pseudo-header that UDP and TCP checksums cover (RFC 768, RFC 793): source and
 * destination address, a zero byte, the protocol, and the transport length. It is never sent;
 * summing its fields straight into a {@link Checksum} avoids building it in memory.
 */
public final class Ipv4PseudoHeader {

    private Ipv4PseudoHeader() {
    }

    /**
     * @param source      IPv4 source address
     * @param destination IPv4 destination address
     * @param protocol    IP protocol number
     * @param length      transport header plus data, in bytes
     * @return an accumulator holding the pseudo-header, ready for the segment to be added
     */
    public static Checksum start(final Ipv4Address source, final Ipv4Address destination, final int protocol,
                                 final int length) {
        return new Checksum()
                .addInt(source.bits())
                .addInt(destination.bits())
                .addShort(protocol) // the zero byte and the protocol byte form one word
                .addShort(length);
    }
}
