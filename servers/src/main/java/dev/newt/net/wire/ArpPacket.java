package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An ARP packet (RFC 826) for IPv4 over Ethernet, the only pairing this stack resolves: hardware
 * type 1, protocol type 0x0800, address sizes 6 and 4, 28 bytes in all.
 *
 * @param operation request or reply
 * @param senderMac sender hardware address
 * @param senderIp  sender protocol address
 * @param targetMac target hardware address; {@link MacAddress#ZERO} in a request, where it is unknown
 * @param targetIp  target protocol address
 */
public record ArpPacket(Operation operation, MacAddress senderMac, Ipv4Address senderIp,
                        MacAddress targetMac, Ipv4Address targetIp) {

    /** Encoded length for Ethernet/IPv4. */
    public static final int LENGTH = 28;
    /** ARP hardware type for Ethernet. */
    public static final int HARDWARE_ETHERNET = 1;

    /** The ARP operation (opcode). */
    public enum Operation {
        /** Who has {@code targetIp}? Tell {@code senderIp}. */
        REQUEST(1),
        /** {@code senderIp} is at {@code senderMac}. */
        REPLY(2);

        private final int code;

        Operation(final int code) {
            this.code = code;
        }

        /** @return the opcode on the wire */
        public int code() {
            return code;
        }
    }

    /** Rejects null fields. */
    public ArpPacket {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(senderMac, "senderMac");
        Objects.requireNonNull(senderIp, "senderIp");
        Objects.requireNonNull(targetMac, "targetMac");
        Objects.requireNonNull(targetIp, "targetIp");
    }

    /**
     * @param senderMac our hardware address
     * @param senderIp  our protocol address
     * @param targetIp  the address to resolve
     * @return a request, target hardware address zero
     */
    public static ArpPacket request(final MacAddress senderMac, final Ipv4Address senderIp, final Ipv4Address targetIp) {
        return new ArpPacket(Operation.REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
    }

    /**
     * The reply to a request for one of our addresses: we become the sender, the requester the target.
     *
     * @param request a request whose {@code targetIp} is ours
     * @param ourMac  our hardware address
     * @return the reply
     */
    public static ArpPacket replyTo(final ArpPacket request, final MacAddress ourMac) {
        return new ArpPacket(Operation.REPLY, ourMac, request.targetIp, request.senderMac, request.senderIp);
    }

    /**
     * Writes the 28 bytes at the buffer's position and advances it.
     *
     * @param dst destination with at least 28 bytes remaining
     */
    public void writeTo(final ByteBuffer dst) {
        Bytes.putU16(dst, HARDWARE_ETHERNET);
        Bytes.putU16(dst, EtherType.IPV4);
        Bytes.putU8(dst, MacAddress.LENGTH);
        Bytes.putU8(dst, Ipv4Address.LENGTH);
        Bytes.putU16(dst, operation.code);
        senderMac.writeTo(dst);
        senderIp.writeTo(dst);
        targetMac.writeTo(dst);
        targetIp.writeTo(dst);
    }

    /** @return the 28 bytes (an Ethernet frame pads them to 46) */
    public byte[] encode() {
        final byte[] b = new byte[LENGTH];
        writeTo(ByteBuffer.wrap(b));
        return b;
    }

    /**
     * Decodes an ARP packet; bytes after the first 28 (Ethernet padding) are ignored.
     *
     * @param packet the bytes from position to limit; the position is not moved
     * @return the packet, or {@link DropReason#TRUNCATED}, {@link DropReason#UNSUPPORTED_ADDRESS_TYPE}
     *         for anything but Ethernet/IPv4, {@link DropReason#UNKNOWN_OPERATION}
     */
    public static Decoded<ArpPacket> decode(final ByteBuffer packet) {
        final int b = packet.position();
        final int len = packet.remaining();
        if (len < LENGTH) {
            return Decoded.drop(DropReason.TRUNCATED, "ARP packet of " + len + " bytes, Ethernet/IPv4 needs 28");
        }
        final int htype = Bytes.u16(packet, b);
        final int ptype = Bytes.u16(packet, b + 2);
        final int hlen = Bytes.u8(packet, b + 4);
        final int plen = Bytes.u8(packet, b + 5);
        if (htype != HARDWARE_ETHERNET || ptype != EtherType.IPV4 || hlen != MacAddress.LENGTH
                || plen != Ipv4Address.LENGTH) {
            return Decoded.drop(DropReason.UNSUPPORTED_ADDRESS_TYPE, "ARP htype=" + htype + " ptype=0x"
                    + Integer.toHexString(ptype) + " hlen=" + hlen + " plen=" + plen
                    + ", only Ethernet/IPv4 (1, 0x800, 6, 4)");
        }
        final int op = Bytes.u16(packet, b + 6);
        final Operation operation;
        if (op == Operation.REQUEST.code) {
            operation = Operation.REQUEST;
        } else if (op == Operation.REPLY.code) {
            operation = Operation.REPLY;
        } else {
            return Decoded.drop(DropReason.UNKNOWN_OPERATION, "ARP operation " + op + ", only 1 and 2");
        }
        return Decoded.ok(new ArpPacket(operation, MacAddress.read(packet, b + 8), Ipv4Address.read(packet, b + 14),
                MacAddress.read(packet, b + 18), Ipv4Address.read(packet, b + 24)));
    }

    /**
     * @param packet the bytes
     * @return as {@link #decode(ByteBuffer)}
     */
    public static Decoded<ArpPacket> decode(final byte[] packet) {
        return decode(ByteBuffer.wrap(packet));
    }
}
