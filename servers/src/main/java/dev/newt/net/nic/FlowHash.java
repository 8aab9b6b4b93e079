package dev.newt.net.nic;

import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.PacketBuffer;

/**
 * The nic's receive-side scaling: which replica of a host's stack a flow belongs to, from a hash
 * of its 4-tuple. The nic applies it to every TCP segment it receives; a replica's tcp applies the
 * same function when it picks an ephemeral port, so that the replies of a connection it opens come
 * back to it. The hash is symmetric (the two ends of a flow are ordered before mixing, as symmetric
 * RSS keys do), so either side's view of the tuple gives the same replica.
 *
 * <p>The mix is a fixed 64-bit finaliser (MurmurHash3's {@code fmix64}) over the ordered tuple,
 * and the replica is the high 32 bits scaled to {@code n} (Lemire's multiply-shift, no modulo
 * bias worth the name). Stable: the same tuple gives the same replica in every run and version.
 */
public final class FlowHash {
    /** Offset of the IPv4 header in an Ethernet frame. */
    private static final int IP = EthernetFrame.HEADER_LENGTH;
    /** Shortest IPv4 header. */
    private static final int MIN_IP_HEADER = 20;
    /** IPv4's fragment offset and more-fragments bits. */
    private static final int FRAGMENT_BITS = 0x3FFF;

    private FlowHash() {
    }

    /**
     * @param addressA one end's IPv4 address (as its 32 bits)
     * @param portA    its port
     * @param addressB the other end's address
     * @param portB    its port
     * @return the flow's 64-bit hash, the same with the ends swapped
     */
    public static long hash(final int addressA, final int portA, final int addressB, final int portB) {
        final long a = ((addressA & 0xFFFF_FFFFL) << 16) | (portA & 0xFFFF);
        final long b = ((addressB & 0xFFFF_FFFFL) << 16) | (portB & 0xFFFF);
        final long lo = Math.min(a, b);
        final long hi = Math.max(a, b);
        return fmix64(lo * 0x9E37_79B9_7F4A_7C15L ^ Long.rotateLeft(hi, 29) ^ 0x5851_F42D_4C95_7F2DL);
    }

    /**
     * @param addressA one end's address
     * @param portA    its port
     * @param addressB the other end's address
     * @param portB    its port
     * @param replicas how many replicas, 1 or more
     * @return the replica that owns the flow, 0 .. replicas - 1
     */
    public static int replica(final int addressA, final int portA, final int addressB, final int portB,
                              final int replicas) {
        if (replicas == 1) {
            return 0;
        }
        return (int) (((hash(addressA, portA, addressB, portB) >>> 32) * replicas) >>> 32);
    }

    /**
     * The replica a received Ethernet frame goes to: a TCP segment (unfragmented IPv4, a whole
     * header) by its 4-tuple; anything else (ARP, ICMP, UDP, fragments, malformed) is not a flow
     * the nic spreads, -1.
     *
     * @param frame    the frame, at least an Ethernet header long
     * @param replicas how many replicas
     * @return the replica, or -1 for a frame that is not a TCP segment
     */
    public static int replicaOf(final PacketBuffer frame, final int replicas) {
        final int len = frame.length();
        if (len < IP + MIN_IP_HEADER || u16(frame, IP - 2) != EtherType.IPV4) {
            return -1;
        }
        final int ihl = (frame.get(IP) & 0x0F) * 4;
        if ((frame.get(IP) & 0xF0) != 0x40 || ihl < MIN_IP_HEADER || len < IP + ihl + 4
            || (frame.get(IP + 9) & 0xFF) != IpProtocol.TCP || (u16(frame, IP + 6) & FRAGMENT_BITS) != 0) {
            return -1;
        }
        final int source = u32(frame, IP + 12);
        final int destination = u32(frame, IP + 16);
        return replica(source, u16(frame, IP + ihl), destination, u16(frame, IP + ihl + 2), replicas);
    }

    private static int u16(final PacketBuffer b, final int at) {
        return ((b.get(at) & 0xFF) << 8) | (b.get(at + 1) & 0xFF);
    }

    private static int u32(final PacketBuffer b, final int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }

    private static long fmix64(final long k0) {
        long k = k0;
        k ^= k >>> 33;
        k *= 0xFF51_AFD7_ED55_8CCDL;
        k ^= k >>> 33;
        k *= 0xC4CE_B9FE_1A85_EC53L;
        k ^= k >>> 33;
        return k;
    }
}
