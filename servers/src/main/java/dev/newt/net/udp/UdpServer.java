package dev.newt.net.udp;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.IcmpError;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.UdpClose;
import dev.newt.net.msg.UdpInput;
import dev.newt.net.msg.UdpOpen;
import dev.newt.net.msg.UdpOpened;
import dev.newt.net.msg.UdpOutput;
import dev.newt.net.stats.Counters;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.PacketBuffer;
import dev.newt.net.wire.UdpDatagram;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * UDP for one host. Datagrams from pf ({@link IpInbound}, protocol 17) are checked and delivered as
 * {@link UdpInput} to the endpoint that opened their port, usually the host's sock server; a
 * datagram for a closed port is answered with an ICMP port unreachable ({@link IcmpError} 3/3 to
 * ip), except when it was sent to a broadcast or multicast address. {@link UdpOutput} from the
 * owner of a port is encoded, with the pseudo-header checksum over this host's address, and sent
 * to pf as {@link IpOutbound}.
 *
 * <p>The state is the port table (port to owner), so a restart from a checkpoint keeps every port
 * open; opening a port again by its owner is harmless, so that an owner can re-open all its ports
 * after a fresh restart.
 *
 * <p>Counters: {@code datagrams.in}, {@code datagrams.out}, {@code ports} (open now),
 * {@code opens}, {@code closes}, {@code close.not-open}, {@code no-port} (inbound for a closed port),
 * {@code icmp.port-unreachable}, {@code open.refused}, {@code close.not-owner},
 * {@code out.bad-port}, {@code out.not-owner}, {@code out.unopened-port} (sent anyway),
 * {@code out.too-large}, {@code drop.<REASON>}, {@code unexpected}.
 */
public final class UdpServer implements Server<UdpServer.State> {
    /** First port of the ephemeral range (RFC 6335). */
    public static final int FIRST_EPHEMERAL = 49152;
    /** Last port of the ephemeral range. */
    public static final int LAST_EPHEMERAL = 65535;
    /**
     * @param host the host
     * @return the largest payload that fits one unfragmented datagram: its MTU less the IPv4 and UDP headers
     */
    public static int maxPayload(final HostConfig host) {
        return host.mtu() - Ipv4Packet.MIN_HEADER_LENGTH - UdpDatagram.HEADER_LENGTH;
    }

    private static final int EPHEMERAL_COUNT = LAST_EPHEMERAL - FIRST_EPHEMERAL + 1;

    /** The checkpointed state. */
    public static final class State {
        /** Open ports: port to the name of the endpoint that opened it. */
        public TreeMap<Integer, String> ports = new TreeMap<>();
        /** Where the search for a free ephemeral port starts next. */
        public int nextEphemeral = FIRST_EPHEMERAL;
        /** Counters by name. */
        public Counters counters = new Counters();
    }

    /**
     * Datagrams in a row (which change only counters) that a checkpoint may wait for; a restore
     * from a checkpoint loses at most this many datagrams' counts.
     */
    public static final int MINOR_WAIT = 64;

    private final HostConfig config;
    /** The names of the servers udp sends to, built once rather than per datagram (see PfServer). */
    private final String ip;
    private final String pf;

    /** @param config the host */
    public UdpServer(final HostConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.ip = config.server(HostNames.IP);
        this.pf = config.server(HostNames.PF);
    }

    /**
     * The spec of a host's udp with the defaults: named {@code <host>.udp}, restored from a
     * checkpoint taken after every message that opens or closes a port, and at least every
     * {@value #MINOR_WAIT} datagrams (which change only counters).
     *
     * @param config the host
     * @return the spec
     */
    public static ServerSpec<State> spec(final HostConfig config) {
        return ServerSpec.of(config.server(HostNames.UDP), State.class, () -> new UdpServer(config), State::new)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE.withMinorWait(MINOR_WAIT));
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof IpInbound in) {
            ctx.minorChange(); // counters only
            input(ctx, s, in);
        } else if (p instanceof UdpOutput out) {
            ctx.minorChange(); // counters only
            output(ctx, s, m.from(), out);
        } else if (p instanceof UdpOpen open) {
            open(ctx, s, m, open.port());
        } else if (p instanceof UdpClose close) {
            close(s, m.from(), close.port());
        } else if (p instanceof StatsQuery && m.isRequest()) {
            ctx.stateUnchanged(); // stats are read from a copy of the counters
            final Counters c = s.counters.copy();
            c.put("ports", (long) s.ports.size());
            ctx.reply(m, c.toStats(ctx.name()));
        } else {
            s.counters.count("unexpected");
        }
        return s;
    }

    @Override
    public Optional<String> audit(final State s) {
        if (s.nextEphemeral < FIRST_EPHEMERAL || s.nextEphemeral > LAST_EPHEMERAL) {
            return Optional.of("next ephemeral port " + s.nextEphemeral + " outside " + FIRST_EPHEMERAL + ".."
                + LAST_EPHEMERAL);
        }
        for (Map.Entry<Integer, String> e : s.ports.entrySet()) {
            if (e.getKey() < 1 || e.getKey() > 0xFFFF || e.getValue() == null) {
                return Optional.of("bad port table entry " + e.getKey() + " -> " + e.getValue());
            }
        }
        return Optional.empty();
    }

    // ---- receive ----

    private void input(final ServerContext ctx, final State s, final IpInbound in) {
        if (in.protocol() != IpProtocol.UDP) {
            s.counters.drop(DropReason.UNKNOWN_PROTOCOL);
            return;
        }
        final byte[] packet = in.packet();
        final int hl = in.headerLength();
        if (hl < 0 || hl > packet.length) {
            s.counters.drop(DropReason.TRUNCATED);
            return;
        }
        final int end = datagramEnd(packet, hl);
        final Decoded<UdpDatagram> d = UdpDatagram.decode(ByteBuffer.wrap(packet, hl, end - hl), in.source(),
            in.destination());
        if (!d.isOk()) {
            s.counters.drop(d.reason());
            return;
        }
        final UdpDatagram u = d.value();
        final String owner = s.ports.get(u.destinationPort());
        if (owner == null) {
            s.counters.count("no-port");
            if (mayAnswerWithIcmp(in.source(), in.destination())) {
                final IcmpError err = new IcmpError(3, 3, Arrays.copyOf(packet, end));
                if (ctx.send(ip, err)) {
                    s.counters.count("icmp.port-unreachable");
                } else {
                    s.counters.drop(DropReason.NO_BUFFER_SPACE);
                }
            }
            return;
        }
        final ByteBuffer payload = u.payload();
        final byte[] data = new byte[payload.remaining()];
        payload.get(data);
        if (ctx.send(owner, new UdpInput(in.source(), u.sourcePort(), in.destination(), u.destinationPort(), data))) {
            s.counters.count("datagrams.in");
        } else {
            s.counters.drop(DropReason.NO_BUFFER_SPACE);
        }
    }

    /**
     * The end of the IPv4 datagram in {@code packet}: its total length when that is sound, so that
     * any link padding after it is not taken for UDP data; else the array's end.
     */
    private static int datagramEnd(final byte[] packet, final int hl) {
        if (hl >= Ipv4Packet.MIN_HEADER_LENGTH) {
            final int total = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
            if (total >= hl && total <= packet.length) {
                return total;
            }
        }
        return packet.length;
    }

    /**
     * RFC 1122 3.2.2: no ICMP error about a datagram sent to a broadcast or multicast address, nor
     * about one whose source does not name a single host.
     */
    private boolean mayAnswerWithIcmp(final Ipv4Address source, final Ipv4Address destination) {
        return !isBroadcastOrMulticast(destination) && !isBroadcastOrMulticast(source)
            && !source.equals(Ipv4Address.ANY);
    }

    private boolean isBroadcastOrMulticast(final Ipv4Address a) {
        if (a.isLimitedBroadcast() || a.isMulticast()) {
            return true;
        }
        // A /31 or /32 has no broadcast address: its "broadcast" would be a host.
        return config.prefixLength() < 31 && a.equals(config.address().subnetBroadcast(config.prefixLength()));
    }

    // ---- ports ----

    private void open(final ServerContext ctx, final State s, final Envelope m, final int requested) {
        final String owner = m.from();
        if (requested < 0 || requested > 0xFFFF) {
            refuse(ctx, s, m, new SocketError("INVALID_ARGUMENT", "port " + requested + " is not 0..65535"));
            return;
        }
        int port = requested;
        if (port == 0) {
            port = allocateEphemeral(s);
            if (port < 0) {
                refuse(ctx, s, m, new SocketError("ADDRESS_IN_USE", "no free ephemeral port in " + FIRST_EPHEMERAL
                    + ".." + LAST_EPHEMERAL + " on " + config.name()));
                return;
            }
        } else {
            final String holder = s.ports.get(port);
            if (holder != null && !holder.equals(owner)) {
                refuse(ctx, s, m, new SocketError("ADDRESS_IN_USE", "UDP port " + port + " on " + config.name()
                    + " is open by " + holder));
                return;
            }
        }
        s.ports.put(port, owner);
        s.counters.count("opens");
        if (m.isRequest()) {
            ctx.reply(m, new UdpOpened(port));
        }
    }

    private void refuse(final ServerContext ctx, final State s, final Envelope m, final SocketError error) {
        s.counters.count("open.refused");
        if (m.isRequest()) {
            ctx.reply(m, error);
        }
    }

    /** @return the first free port from {@code nextEphemeral} on, wrapping; -1 if none is free */
    private static int allocateEphemeral(final State s) {
        for (int i = 0; i < EPHEMERAL_COUNT; i++) {
            final int port = FIRST_EPHEMERAL + (s.nextEphemeral - FIRST_EPHEMERAL + i) % EPHEMERAL_COUNT;
            if (!s.ports.containsKey(port)) {
                s.nextEphemeral = port == LAST_EPHEMERAL ? FIRST_EPHEMERAL : port + 1;
                return port;
            }
        }
        return -1;
    }

    private static void close(final State s, final String from, final int port) {
        final String holder = s.ports.get(port);
        if (holder == null) {
            s.counters.count("close.not-open");
        } else if (holder.equals(from)) {
            s.ports.remove(port);
            s.counters.count("closes");
        } else {
            s.counters.count("close.not-owner");
        }
    }

    // ---- send ----

    private void output(final ServerContext ctx, final State s, final String from, final UdpOutput out) {
        if (out.sourcePort() < 1 || out.sourcePort() > 0xFFFF || out.destinationPort() < 1
            || out.destinationPort() > 0xFFFF) {
            s.counters.count("out.bad-port");
            return;
        }
        final String holder = s.ports.get(out.sourcePort());
        if (holder != null && !holder.equals(from)) {
            s.counters.count("out.not-owner");
            return;
        }
        if (holder == null) {
            // Sent anyway: after a fresh restart of udp, its owner's datagrams may come before the
            // owner has opened the port again, and UDP would only lose them.
            s.counters.count("out.unopened-port");
        }
        if (out.data().length > maxPayload(config)) {
            s.counters.count("out.too-large");
            return;
        }
        final Ipv4Address src = config.address();
        // Written once, with room in front for ip's and nic's headers: the frame is this array.
        final PacketBuffer segment = UdpDatagram.of(out.sourcePort(), out.destinationPort(), out.data())
            .encode(src, out.destination(), PacketBuffer.LINK_AND_IP_HEADROOM);
        if (ctx.send(pf, new IpOutbound(src, out.destination(), IpProtocol.UDP, segment))) {
            s.counters.count("datagrams.out");
        } else {
            s.counters.drop(DropReason.NO_BUFFER_SPACE);
        }
    }

}
