package dev.newt.net.nic;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.stats.Counters;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.MacAddress;
import dev.newt.net.wire.PacketBuffer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The driver of a host's one network interface, between its link (a wire) and its ip server, in
 * the manner of a NEWTOS network driver: it filters what comes in by hardware address and moves
 * frames, nothing more.
 *
 * <p><b>Receive.</b> A {@link Frame} from the link ({@link HostConfig#link()}) shorter than an
 * Ethernet header is dropped {@code TRUNCATED}; one whose destination MAC address is neither the
 * host's nor a group address (multicast, broadcast included) is dropped {@code NOT_FOR_US}, as a
 * NIC not in promiscuous mode would; the rest go, unchanged, to the host's ip server. The EtherType
 * is ip's business.
 *
 * <p><b>Replicas.</b> A host may run several independent replicas of its stack (ip, pf, udp, tcp,
 * sock; {@link HostConfig#replicas()}) behind its one nic, which spreads what it receives over
 * them as receive-side scaling does: a TCP segment by a hash of its 4-tuple ({@link FlowHash}), ARP
 * to every replica, the rest to replica 0. It transmits what any replica's ip gives it.
 *
 * <p><b>Transmit.</b> A {@link Frame} from ip goes, unchanged, to the link; one shorter than an
 * Ethernet header is dropped {@code TRUNCATED} (a bug in ip, but no reason to crash the driver).
 *
 * <p><b>Back-pressure.</b> If the next hop's mailbox is full the frame is dropped
 * {@code NO_BUFFER_SPACE}, as a driver drops when its ring is full: queueing here would only move
 * the overflow.
 *
 * <p><b>Stats.</b> {@code rx.frames}, {@code rx.bytes}: frames passed to ip; {@code tx.frames},
 * {@code tx.bytes}: frames passed to the link; {@code rx.drop.<REASON>}, {@code tx.drop.<REASON>}
 * and their sums {@code drop.<REASON>} per {@link DropReason}; {@code drop.unexpected_sender} for
 * frames from anyone but the link and ip, {@code drop.unexpected_message} for anything else it does
 * not understand. Every counter survives restarts in the checkpointed state.
 */
public final class NicServer implements Server<NicServer.State> {
    private final HostConfig config;
    private final String link;
    private final String ip;
    /** Every replica's ip, by index; just {@link #ip} for a host of one replica. */
    private final List<String> ips;
    private final MacAddress mac;

    /** The nic's counters. */
    public static final class State {
        /** Frames from the link passed to ip. */
        public long rxFrames;
        /** Bytes of {@link #rxFrames}. */
        public long rxBytes;
        /** Frames from ip passed to the link. */
        public long txFrames;
        /** Bytes of {@link #txFrames}. */
        public long txBytes;
        /** Received frames dropped, by {@link DropReason} name. */
        public Counters rxDrops = new Counters();
        /** Frames to transmit dropped, by {@link DropReason} name. */
        public Counters txDrops = new Counters();
        /** Frames from neither the link nor ip. */
        public long unexpectedSender;
        /** Messages that are neither frames nor stats queries. */
        public long unexpectedMessage;

        /** A nic that has moved nothing yet. */
        public State() {
        }
    }

    /** @param config the host's configuration, the same for every incarnation */
    public NicServer(final HostConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.link = config.link();
        this.ip = config.server(HostNames.IP);
        this.ips = IntStream.range(0, config.replicas()).mapToObj(r -> config.asReplica(r).server(HostNames.IP))
            .toList();
        this.mac = config.mac();
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope e) {
        final Object payload = e.payload();
        if (!(payload instanceof StatsQuery)) {
            ctx.minorChange(); // a nic's state is its counters
        }
        if (payload instanceof Frame f && e.kind() == Envelope.Kind.MESSAGE && f.buffer() != null) {
            if (e.from().equals(link)) {
                receive(ctx, s, f);
            } else if (e.from().equals(ip) || ips.size() > 1 && ips.contains(e.from())) {
                transmit(ctx, s, f);
            } else {
                s.unexpectedSender++;
            }
        } else if (payload instanceof StatsQuery && e.isRequest()) {
            ctx.stateUnchanged(); // stats are computed into a new map
            ctx.reply(e, stats(ctx.name(), s));
        } else {
            s.unexpectedMessage++;
        }
        return s;
    }

    private void receive(final ServerContext ctx, final State s, final Frame f) {
        final PacketBuffer data = f.buffer().verify();
        if (data.length() < EthernetFrame.HEADER_LENGTH) {
            s.rxDrops.count(DropReason.TRUNCATED.name());
            return;
        }
        final MacAddress destination = MacAddress.read(data.asByteBuffer(), 0);
        if (!destination.equals(mac) && !destination.isMulticast()) {
            s.rxDrops.count(DropReason.NOT_FOR_US.name());
            return;
        }
        if (!deliver(ctx, data, f)) {
            s.rxDrops.count(DropReason.NO_BUFFER_SPACE.name());
            return;
        }
        s.rxFrames++;
        s.rxBytes += data.length();
    }

    /**
     * Hands a received frame to ip: with one replica to the host's ip; with several, a TCP segment
     * to the replica its 4-tuple hashes to ({@link FlowHash}), an ARP frame to every replica (each
     * ip keeps its own cache, and a reply must reach the replica that asked, which the frame does
     * not say), anything else (ICMP, UDP, fragments) to replica 0.
     *
     * @return whether every ip it went to took it
     */
    private boolean deliver(final ServerContext ctx, final PacketBuffer data, final Frame f) {
        if (ips.size() == 1) {
            return ctx.send(ip, f);
        }
        final int replica = FlowHash.replicaOf(data, ips.size());
        if (replica >= 0) {
            return ctx.send(ips.get(replica), f);
        }
        if (((data.get(12) & 0xFF) << 8 | (data.get(13) & 0xFF)) == EtherType.ARP) {
            boolean all = true;
            for (String r : ips) {
                all &= ctx.send(r, f);
            }
            return all;
        }
        return ctx.send(ip, f);
    }

    private void transmit(final ServerContext ctx, final State s, final Frame f) {
        final PacketBuffer data = f.buffer().verify();
        if (data.length() < EthernetFrame.HEADER_LENGTH) {
            s.txDrops.count(DropReason.TRUNCATED.name());
            return;
        }
        if (!ctx.send(link, f)) {
            s.txDrops.count(DropReason.NO_BUFFER_SPACE.name());
            return;
        }
        s.txFrames++;
        s.txBytes += data.length();
    }

    /**
     * @param server the nic's name
     * @param s      its state
     * @return its counters
     */
    static Stats stats(final String server, final State s) {
        final Counters c = new Counters();
        c.put("rx.frames", s.rxFrames);
        c.put("rx.bytes", s.rxBytes);
        c.put("tx.frames", s.txFrames);
        c.put("tx.bytes", s.txBytes);
        s.rxDrops.forEach((reason, n) -> {
            c.put("rx.drop." + reason, n);
            c.add("drop." + reason, n);
        });
        s.txDrops.forEach((reason, n) -> {
            c.put("tx.drop." + reason, n);
            c.add("drop." + reason, n);
        });
        c.put("drop.unexpected_sender", s.unexpectedSender);
        c.put("drop.unexpected_message", s.unexpectedMessage);
        return c.toStats(server);
    }

    /** Counters never go below zero, and drops are kept only under known reasons. */
    @Override
    public Optional<String> audit(final State s) {
        if (s.rxFrames < 0 || s.rxBytes < 0 || s.txFrames < 0 || s.txBytes < 0 || s.unexpectedSender < 0
            || s.unexpectedMessage < 0) {
            return Optional.of("nic of host '" + config.name() + "': a counter is negative");
        }
        for (final Map<String, Long> drops : List.of(s.rxDrops, s.txDrops)) {
            for (final Map.Entry<String, Long> d : drops.entrySet()) {
                if (!isReason(d.getKey()) || d.getValue() == null || d.getValue() < 0) {
                    return Optional.of("nic of host '" + config.name() + "': bad drop counter " + d);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isReason(final String name) {
        for (final DropReason r : DropReason.values()) {
            if (r.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** @return the host configuration */
    public HostConfig config() {
        return config;
    }
}
