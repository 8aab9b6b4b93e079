package dev.newt.net.msg;

/**
 * Asks ip to send an ICMP error about a datagram it delivered (for example port unreachable from
 * udp).
 *
 * @param type           ICMP type (3 destination unreachable, 11 time exceeded)
 * @param code           ICMP code (3 port unreachable, ...)
 * @param offendingPacket the whole datagram the error is about, as delivered in {@link IpInbound}
 */
public record IcmpError(int type, int code, byte[] offendingPacket) {
}
