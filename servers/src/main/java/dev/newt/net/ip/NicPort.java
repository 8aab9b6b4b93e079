package dev.newt.net.ip;

import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.Frame;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.MacAddress;
import dev.newt.net.wire.PacketBuffer;
import java.nio.ByteBuffer;

/** Frames payloads in Ethernet II, from this host's hardware address, and hands them to nic. */
final class NicPort {
    private final MacAddress ours;
    private final String nic;

    /** @param host the host's configuration */
    NicPort(final HostConfig host) {
        this.ours = host.mac();
        this.nic = host.server(HostNames.NIC);
    }

    /**
     * Sends one frame of a payload ip made itself (ARP): wrapped, then framed as below.
     */
    void send(final ServerContext ctx, final IpServer.State s, final MacAddress dst, final int etherType,
              final byte[] payload) {
        send(ctx, s, dst, etherType, PacketBuffer.wrap(payload));
    }

    /**
     * Sends one frame: the Ethernet header is prepended into the payload's headroom (the payload's
     * bytes are not copied) unless there is none or the frame needs padding to the minimum length,
     * when it is built in a fresh array.
     *
     * @param ctx       the incarnation's context
     * @param s         the state, for the counters
     * @param dst       destination hardware address
     * @param etherType the payload's type
     * @param payload   the payload, not changed
     */
    void send(final ServerContext ctx, final IpServer.State s, final MacAddress dst, final int etherType,
              final PacketBuffer payload) {
        final EthernetFrame header = new EthernetFrame(dst, ours, etherType, payload.asByteBuffer());
        final PacketBuffer frame;
        if (payload.length() < EthernetFrame.MIN_PAYLOAD_LENGTH) {
            frame = PacketBuffer.wrap(header.encode()); // padded: small, copied
        } else {
            frame = payload.prepend(EthernetFrame.HEADER_LENGTH);
            final ByteBuffer b = ByteBuffer.wrap(frame.array(), frame.offset(), EthernetFrame.HEADER_LENGTH);
            dst.writeTo(b);
            ours.writeTo(b);
            b.put((byte) (etherType >>> 8)).put((byte) etherType);
        }
        if (ctx.send(nic, new Frame(frame))) {
            s.counters.count(IpCounters.FRAMES_OUT);
        } else {
            s.counters.count(IpCounters.SEND_REJECTED);
        }
    }
}
