package dev.newt.net.ip;

import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IcmpDestinationUnreachable;
import dev.newt.net.wire.IcmpMessage;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.PacketBuffer;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Receives IPv4 datagrams: validates them (the decoder checks version, header length, checksum and
 * total length, and trims Ethernet padding by the total length), keeps those for this host, and
 * hands them to ICMP or, for the configured transports, up to pf.
 *
 * <p>In order, a datagram is dropped if it does not decode (by the decoder's reason), if it is not
 * addressed to us, our subnet's broadcast or 255.255.255.255 ({@link DropReason#NOT_FOR_US}: this
 * host does not forward), if it is a fragment ({@link DropReason#FRAGMENTED}: there is no
 * reassembly), if its TTL is 0 ({@link DropReason#TTL_EXPIRED}), or if its protocol is neither ICMP
 * nor a configured transport ({@link DropReason#UNKNOWN_PROTOCOL}, answered with an ICMP protocol
 * unreachable). Options are accepted and ignored.
 */
final class Ipv4Input {
    private final Addressing addressing;
    private final Set<Integer> transports;
    private final IcmpService icmp;
    private final String pf;

    /**
     * @param host       the host's configuration
     * @param config     which protocols go up
     * @param addressing the host's address rules
     * @param icmp       handles ICMP and sends errors
     */
    Ipv4Input(final HostConfig host, final IpConfig config, final Addressing addressing, final IcmpService icmp) {
        this.addressing = addressing;
        this.transports = config.transportProtocols();
        this.icmp = icmp;
        this.pf = host.server(HostNames.PF);
    }

    /**
     * Handles a received IPv4 frame.
     *
     * @param ctx   the incarnation's context
     * @param s     the state
     * @param frame the frame, EtherType IPv4, addressed to us or broadcast
     * @param raw   the frame's bytes, of which the datagram passed up is a view
     * @return whether only counters changed (a minor change): the datagram was dropped or passed
     *         up; not for ICMP, nor when an ICMP error was sent
     */
    boolean onIpv4(final ServerContext ctx, final IpServer.State s, final EthernetFrame frame, final PacketBuffer raw) {
        final ByteBuffer bytes = frame.payload();
        final Decoded<Ipv4Packet> decoded = Ipv4Packet.decode(bytes);
        if (!decoded.isOk()) {
            s.counters.drop(decoded.reason());
            return true;
        }
        final Ipv4Packet packet = decoded.value();
        s.counters.count(IpCounters.PACKETS_IN);
        if (!addressing.acceptsDestination(packet.destination())) {
            s.counters.drop(DropReason.NOT_FOR_US);
            return true;
        }
        if (packet.isFragment()) {
            s.counters.drop(DropReason.FRAGMENTED);
            return true;
        }
        if (packet.ttl() == 0) {
            s.counters.drop(DropReason.TTL_EXPIRED);
            return true;
        }
        if (packet.protocol() == IpProtocol.ICMP) {
            icmp.onIcmp(ctx, s, packet);
            return false;
        }
        // The datagram without the Ethernet padding that may follow it in the frame.
        final ByteBuffer datagram = bytes.duplicate();
        datagram.limit(datagram.position() + packet.totalLength());
        if (!transports.contains(packet.protocol())) {
            s.counters.drop(DropReason.UNKNOWN_PROTOCOL);
            icmp.sendError(ctx, s, IcmpMessage.TYPE_DESTINATION_UNREACHABLE,
                IcmpDestinationUnreachable.PROTOCOL_UNREACHABLE, packet, datagram, frame.destination().isBroadcast());
            return false;
        }
        if (ctx.send(pf, new IpInbound(packet.source(), packet.destination(), packet.protocol(),
            raw.slice(EthernetFrame.HEADER_LENGTH, packet.totalLength()), packet.headerLength()))) {
            s.counters.count(IpCounters.PACKETS_DELIVERED);
        } else {
            s.counters.count(IpCounters.SEND_REJECTED);
        }
        return true;
    }
}
