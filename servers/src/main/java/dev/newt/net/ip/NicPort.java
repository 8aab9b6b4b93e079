package dev.newt.net.ip;

import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.Frame;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.MacAddress;
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
     * Sends one frame; the frame is a fresh array, so {@code payload} may be kept by the caller.
     *
     * @param ctx       the incarnation's context
     * @param s         the state, for the counters
     * @param dst       destination hardware address
     * @param etherType the payload's type
     * @param payload   the payload
     */
    void send(final ServerContext ctx, final IpServer.State s, final MacAddress dst, final int etherType,
              final byte[] payload) {
        final byte[] frame = new EthernetFrame(dst, ours, etherType, ByteBuffer.wrap(payload)).encode();
        if (ctx.send(nic, new Frame(frame))) {
            s.counters.count(IpCounters.FRAMES_OUT);
        } else {
            s.counters.count(IpCounters.SEND_REJECTED);
        }
    }
}
