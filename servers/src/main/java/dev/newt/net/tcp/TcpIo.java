package dev.newt.net.tcp;

import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.SocketError;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.PacketBuffer;
import dev.newt.net.wire.TcpSegment;

/**
 * What the protocol code may do while one message is handled: read the clock, transmit segments
 * to pf, answer the user's calls, arm timers and count. Made afresh for every message; never
 * part of the state.
 */
final class TcpIo {
    private final ServerContext ctx;
    private final TcpConfig config;
    private final HostConfig host;
    private final TcpServer.State state;
    private final String pf;
    private PacketBuffer inboundPayload;

    TcpIo(final ServerContext ctx, final TcpConfig config, final HostConfig host, final TcpServer.State state) {
        this.ctx = ctx;
        this.config = config;
        this.host = host;
        this.state = state;
        this.pf = host.server(HostNames.PF);
    }

    ServerContext ctx() {
        return ctx;
    }

    /**
     * Marks a connection changed (added, changed or removed) by this message, for the next
     * checkpoint by parts ({@link TcpParts}): every path that reaches a connection goes through a
     * lookup that calls this.
     *
     * @param c the connection
     */
    void changed(final Connection c) {
        ctx.partChanged(c.id);
    }

    TcpConfig config() {
        return config;
    }

    HostConfig host() {
        return host;
    }

    TcpServer.State state() {
        return state;
    }

    long now() {
        return ctx.now();
    }

    /** @return a fresh initial sequence number: random, or the configured one (a test hook) */
    int newIsn() {
        return config.fixedIsn().isPresent() ? config.fixedIsn().getAsInt() : ctx.random().nextInt();
    }

    /**
     * Encodes {@code segment} from our address to {@code remote} into a fresh buffer with room for
     * the headers below, and hands it to pf.
     *
     * @param remote  the peer's address
     * @param segment the segment
     */
    void transmit(final Ipv4Address remote, final TcpSegment segment) {
        send(remote, segment, segment.encode(host.address(), remote, PacketBuffer.LINK_AND_IP_HEADROOM));
    }

    /**
     * Writes {@code segment}'s header in front of its payload, already in {@code buffer}, and hands
     * the buffer to pf by reference.
     *
     * @param remote  the peer's address
     * @param segment the segment, its payload a view of {@code buffer}'s tail
     * @param buffer  the segment's bytes, allocated with headroom, payload written
     */
    void transmit(final Ipv4Address remote, final TcpSegment segment, final PacketBuffer buffer) {
        segment.writeHeaderInto(buffer, host.address(), remote);
        send(remote, segment, buffer);
    }

    private void send(final Ipv4Address remote, final TcpSegment segment, final PacketBuffer bytes) {
        if (ctx.send(pf, new IpOutbound(host.address(), remote, IpProtocol.TCP, bytes))) {
            count("segments.out");
            count("bytes.out", segment.payloadLength());
            if (segment.has(TcpSegment.RST)) {
                count("rst.out");
            }
        } else {
            drop(DropReason.NO_BUFFER_SPACE); // lost like a full queue on a link: retransmission repairs it
        }
    }

    /**
     * @return the payload of the segment being handled, a view of the received datagram (kept by
     *         reference in the receive buffer), or null when no segment is being handled
     */
    PacketBuffer inboundPayload() {
        return inboundPayload;
    }

    void inboundPayload(final PacketBuffer payload) {
        this.inboundPayload = payload;
    }

    /** @param to where the answer goes @param payload the answer */
    void reply(final ReplyTo to, final Object payload) {
        ctx.reply(to, payload);
    }

    /** @param to where the error goes @param code a {@link SocketError} code @param message what happened */
    void fail(final ReplyTo to, final String code, final String message) {
        ctx.reply(to, new SocketError(code, message));
    }

    void count(final String name) {
        count(name, 1);
    }

    void count(final String name, final long n) {
        if (n != 0) {
            state.counters.add(name, n);
        }
    }

    void drop(final DropReason reason) {
        state.counters.drop(reason);
    }
}
