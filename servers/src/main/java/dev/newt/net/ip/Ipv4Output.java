package dev.newt.net.ip;

import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import dev.newt.net.wire.PacketBuffer;
import java.nio.ByteBuffer;

/**
 * Sends IPv4 datagrams: checks the addresses, picks the next hop (the destination itself on our
 * subnet, else the default gateway), numbers the datagram, and hands it to ARP, or straight to the
 * broadcast hardware address for a broadcast destination.
 *
 * <p>There is no fragmentation: a payload that does not fit the interface's MTU with a 20-byte
 * header is dropped ({@link IpCounters#OUT_TOO_BIG}). There is no loopback path either: a datagram
 * to this host's own address is dropped ({@link IpCounters#OUT_BAD_DESTINATION}), as are datagrams
 * to 0.0.0.0, multicast and 127/8.
 */
final class Ipv4Output {
    private final HostConfig host;
    private final Addressing addressing;
    private final ArpResolver arp;
    private final NicPort nic;

    /**
     * @param host       the host's configuration
     * @param addressing the host's address rules
     * @param arp        resolves next hops
     * @param nic        where broadcast frames go directly
     */
    Ipv4Output(final HostConfig host, final Addressing addressing, final ArpResolver arp, final NicPort nic) {
        this.host = host;
        this.addressing = addressing;
        this.arp = arp;
        this.nic = nic;
    }

    /**
     * Sends a transport's datagram.
     *
     * @param ctx the incarnation's context
     * @param s   the state
     * @param out the datagram from pf
     * @return whether only counters and the next identification changed (a minor change): the
     *         datagram was dropped, or framed at once for a neighbour in the ARP cache
     */
    boolean onOutbound(final ServerContext ctx, final IpServer.State s, final IpOutbound out) {
        if (out.source() == null || out.destination() == null || out.segment() == null
            || out.protocol() < 0 || out.protocol() > 255) {
            s.counters.count(IpCounters.OUT_MALFORMED);
            return true;
        }
        return transmit(ctx, s, out.source(), out.destination(), out.protocol(), out.segment().verify()) != SENT_MAJOR;
    }

    /** {@link #transmit} dropped the datagram (counting it). */
    private static final int DROPPED = 0;
    /** {@link #transmit} framed it for a neighbour in the ARP cache: counters and the identification changed. */
    private static final int SENT_MINOR = 1;
    /** {@link #transmit} handed it to ARP resolution, which changed the ARP tables. */
    private static final int SENT_MAJOR = 2;

    /** As {@link #send(ServerContext, IpServer.State, Ipv4Address, Ipv4Address, int, PacketBuffer)}, for ip's own payloads. */
    boolean send(final ServerContext ctx, final IpServer.State s, final Ipv4Address source,
                 final Ipv4Address destination, final int protocol, final byte[] payload) {
        return send(ctx, s, source, destination, protocol, PacketBuffer.wrap(payload));
    }

    /**
     * Builds and sends one datagram, TTL 64, no options, DF clear.
     *
     * @param ctx         the incarnation's context
     * @param s           the state
     * @param source      our address, or {@link Ipv4Address#ANY} for it
     * @param destination where to
     * @param protocol    the payload's protocol, 0..255
     * @param payload     the payload: the header is prepended into its headroom when it has some,
     *                    else the payload is copied once behind a fresh header
     * @return whether the datagram was built and handed on (it may still wait for ARP)
     */
    boolean send(final ServerContext ctx, final IpServer.State s, final Ipv4Address source,
                 final Ipv4Address destination, final int protocol, final PacketBuffer payload) {
        return transmit(ctx, s, source, destination, protocol, payload) != DROPPED;
    }

    /** As {@link #send}, saying how: {@link #DROPPED}, {@link #SENT_MINOR} or {@link #SENT_MAJOR}. */
    private int transmit(final ServerContext ctx, final IpServer.State s, final Ipv4Address source,
                         final Ipv4Address destination, final int protocol, final PacketBuffer payload) {
        // No options are sent and nothing is fragmented: the payload must fit the MTU with a bare header.
        if (payload.length() > host.mtu() - Ipv4Packet.MIN_HEADER_LENGTH) {
            s.counters.count(IpCounters.OUT_TOO_BIG);
            return DROPPED;
        }
        if (destination.equals(Ipv4Address.ANY) || destination.isMulticast() || destination.isLoopback()
            || addressing.isOurs(destination)) {
            s.counters.count(IpCounters.OUT_BAD_DESTINATION);
            return DROPPED;
        }
        final Ipv4Address from = source.equals(Ipv4Address.ANY) ? host.address() : source;
        if (!addressing.isOurs(from)) {
            s.counters.count(IpCounters.OUT_BAD_SOURCE);
            return DROPPED;
        }
        final boolean broadcast = addressing.isBroadcast(destination);
        final Ipv4Address nextHop;
        if (broadcast || host.onLink(destination)) {
            nextHop = destination;
        } else if (!host.gateway().equals(Ipv4Address.ANY)) {
            nextHop = host.gateway();
        } else {
            s.counters.count(IpCounters.OUT_NO_ROUTE);
            return DROPPED;
        }
        final int id = s.nextIdentification;
        s.nextIdentification = (id + 1) & 0xFFFF;
        final PacketBuffer datagram = payload.prepend(Ipv4Packet.MIN_HEADER_LENGTH);
        Ipv4Packet.of(from, destination, protocol, id, Ipv4Packet.DEFAULT_TTL, payload.asByteBuffer())
            .writeHeaderTo(ByteBuffer.wrap(datagram.array(), datagram.offset(), Ipv4Packet.MIN_HEADER_LENGTH));
        s.counters.count(IpCounters.PACKETS_OUT);
        if (broadcast) {
            nic.send(ctx, s, MacAddress.BROADCAST, EtherType.IPV4, datagram);
            return SENT_MINOR;
        }
        return arp.sendDatagram(ctx, s, nextHop, datagram) ? SENT_MINOR : SENT_MAJOR;
    }
}
