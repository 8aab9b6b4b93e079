package dev.newt.net.ip;

import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.IcmpError;
import dev.newt.net.msg.PingReply;
import dev.newt.net.msg.PingRequest;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.IcmpDestinationUnreachable;
import dev.newt.net.wire.IcmpEcho;
import dev.newt.net.wire.IcmpMessage;
import dev.newt.net.wire.IcmpTimeExceeded;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Packet;
import java.nio.ByteBuffer;

/**
 * ICMP (RFC 792) as a host needs it: answers echo requests, sends echo requests for
 * {@link PingRequest}s and routes their replies back by identifier, counts the errors it receives
 * (per type; they are not passed up), and sends destination unreachable and time exceeded errors
 * quoting the offending datagram's header and first 8 data bytes.
 *
 * <p>Errors are never sent about a datagram whose source is not one unicast host, that was sent to
 * a broadcast or multicast address or as a link-layer broadcast, that is a non-first fragment, or
 * that is itself an ICMP error (RFC 1122, 3.2.2); those are counted as
 * {@link IpCounters#ICMP_ERRORS_SUPPRESSED}. Echo requests to a broadcast address are not answered
 * (as Linux's default, against smurf amplification).
 */
final class IcmpService {
    private final HostConfig host;
    private final Addressing addressing;
    private final Ipv4Output output;

    /**
     * @param host       the host's configuration
     * @param addressing the host's address rules
     * @param output     sends the replies and errors
     */
    IcmpService(final HostConfig host, final Addressing addressing, final Ipv4Output output) {
        this.host = host;
        this.addressing = addressing;
        this.output = output;
    }

    /**
     * Handles a received ICMP datagram for this host.
     *
     * @param ctx    the incarnation's context
     * @param s      the state
     * @param packet the datagram, protocol ICMP, already accepted by IPv4 input
     */
    void onIcmp(final ServerContext ctx, final IpServer.State s, final Ipv4Packet packet) {
        final Decoded<IcmpMessage> decoded = IcmpMessage.decode(packet.payload());
        if (!decoded.isOk()) {
            s.counters.drop(decoded.reason());
            return;
        }
        final IcmpMessage message = decoded.value();
        if (!(message instanceof IcmpEcho)) {
            s.counters.count(IpCounters.icmpErrorsIn(message.type()));
            return;
        }
        final IcmpEcho echo = (IcmpEcho) message;
        if (!echo.reply()) {
            s.counters.count(IpCounters.ECHO_REQUESTS_IN);
            if (addressing.isBroadcast(packet.destination()) || !addressing.isUnicast(packet.source())) {
                s.counters.count(IpCounters.ECHO_IGNORED);
                return;
            }
            if (output.send(ctx, s, host.address(), packet.source(), IpProtocol.ICMP, echo.toReply().encode())) {
                s.counters.count(IpCounters.ECHO_REPLIES_OUT);
            }
            return;
        }
        s.counters.count(IpCounters.ECHO_REPLIES_IN);
        final String requester = s.pingRequesters.get(echo.identifier());
        if (requester == null) {
            s.counters.drop(DropReason.NOT_FOR_US);
            return;
        }
        deliver(ctx, s, requester, new PingReply(packet.source(), echo.identifier(), echo.sequence(),
            IpServer.copy(echo.data()), packet.ttl()));
    }

    /**
     * Sends an echo request for an endpoint and remembers it as the receiver of the replies with
     * that identifier.
     *
     * @param ctx       the incarnation's context
     * @param s         the state
     * @param requester the endpoint that asked
     * @param ping      what to send
     */
    void onPingRequest(final ServerContext ctx, final IpServer.State s, final String requester,
                       final PingRequest ping) {
        if (ping.destination() == null || ping.data() == null || ping.identifier() < 0
            || ping.identifier() > 0xFFFF || ping.sequence() < 0 || ping.sequence() > 0xFFFF) {
            s.counters.count(IpCounters.PING_REJECTED);
            return;
        }
        s.pingRequesters.put(ping.identifier(), requester);
        final byte[] message = IcmpEcho.request(ping.identifier(), ping.sequence(), ping.data()).encode();
        if (output.send(ctx, s, host.address(), ping.destination(), IpProtocol.ICMP, message)) {
            s.counters.count(IpCounters.ECHO_REQUESTS_OUT);
        }
    }

    /**
     * Sends the error a transport asks for about a datagram ip delivered to it.
     *
     * @param ctx   the incarnation's context
     * @param s     the state
     * @param error the request: type 3 or 11, a code, the offending datagram as delivered
     */
    void onIcmpError(final ServerContext ctx, final IpServer.State s, final IcmpError error) {
        if (error.offendingPacket() == null || error.code() < 0 || error.code() > 255
            || (error.type() != IcmpMessage.TYPE_DESTINATION_UNREACHABLE
                && error.type() != IcmpMessage.TYPE_TIME_EXCEEDED)) {
            s.counters.count(IpCounters.ICMP_ERRORS_REJECTED);
            return;
        }
        final Decoded<Ipv4Packet> decoded = Ipv4Packet.decode(error.offendingPacket());
        if (!decoded.isOk() || !addressing.acceptsDestination(decoded.value().destination())) {
            s.counters.count(IpCounters.ICMP_ERRORS_REJECTED);
            return;
        }
        final Ipv4Packet offending = decoded.value();
        sendError(ctx, s, error.type(), error.code(), offending,
            ByteBuffer.wrap(error.offendingPacket(), 0, offending.totalLength()), false);
    }

    /**
     * Sends an ICMP error about a received datagram back to its source, unless RFC 1122 forbids it.
     *
     * @param ctx           the incarnation's context
     * @param s             the state
     * @param type          {@link IcmpMessage#TYPE_DESTINATION_UNREACHABLE} or {@link IcmpMessage#TYPE_TIME_EXCEEDED}
     * @param code          the code
     * @param offending     the datagram, decoded
     * @param datagram      its bytes, exactly its total length (no Ethernet padding, which would
     *                      otherwise be quoted for a short datagram)
     * @param linkBroadcast whether it came in a link-layer broadcast frame
     */
    void sendError(final ServerContext ctx, final IpServer.State s, final int type, final int code,
                   final Ipv4Packet offending, final ByteBuffer datagram, final boolean linkBroadcast) {
        if (linkBroadcast || !mayReport(offending)) {
            s.counters.count(IpCounters.ICMP_ERRORS_SUPPRESSED);
            return;
        }
        final IcmpMessage message = type == IcmpMessage.TYPE_TIME_EXCEEDED
            ? IcmpTimeExceeded.of(code, datagram)
            : IcmpDestinationUnreachable.of(code, datagram);
        if (output.send(ctx, s, host.address(), offending.source(), IpProtocol.ICMP, message.encode())) {
            s.counters.count(IpCounters.icmpErrorsOut(type));
        }
    }

    /** RFC 1122, 3.2.2: no errors about broadcasts, non-unicast sources, later fragments, ICMP errors. */
    private boolean mayReport(final Ipv4Packet p) {
        if (addressing.isBroadcast(p.destination()) || p.destination().isMulticast()
            || !addressing.isUnicast(p.source()) || p.fragmentOffset() != 0) {
            return false;
        }
        if (p.protocol() == IpProtocol.ICMP && p.payloadLength() > 0) {
            return !isErrorType(p.payload().get() & 0xFF);
        }
        return true;
    }

    /** ICMP types that report errors (RFC 792): unreachable, source quench, redirect, time exceeded, parameter problem. */
    private static boolean isErrorType(final int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    private static void deliver(final ServerContext ctx, final IpServer.State s, final String to, final Object m) {
        if (!ctx.send(to, m)) {
            s.counters.count(IpCounters.SEND_REJECTED);
        }
    }
}
