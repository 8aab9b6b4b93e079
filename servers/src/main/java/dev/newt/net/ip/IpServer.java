package dev.newt.net.ip;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.IcmpError;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.PingRequest;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.stats.Counters;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.PacketBuffer;
import dev.newt.net.wire.Ipv4Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The IP server of one host: IPv4, ARP and ICMP between the host's nic and its packet filter.
 *
 * <p>It takes {@link Frame}s from nic (ARP and IPv4; anything else is dropped), {@link IpOutbound}
 * from pf, {@link IcmpError} from a transport, {@link PingRequest} from any endpoint, and answers
 * {@link StatsQuery} with {@link Stats} (names in {@link IpCounters}). What it does and does not do
 * is in the {@linkplain dev.newt.net.ip package documentation}: in short, no forwarding, no
 * fragmentation and no reassembly.
 *
 * <p>Bad input from the network is dropped and counted per {@link DropReason}, never thrown. The
 * state ({@link State}) holds the ARP cache, pending resolutions with their queued datagrams, the
 * ping requesters and the counters, bounded by {@link IpConfig}; retry timers are re-armed from it
 * on every start.
 */
public final class IpServer implements Server<IpServer.State> {
    private final HostConfig host;
    private final IpConfig config;
    private final ArpResolver arp;
    private final Ipv4Input input;
    private final Ipv4Output output;
    private final IcmpService icmp;

    /**
     * @param host   the host: addresses, gateway, server names
     * @param config ARP timing, bounds and the transports delivered up
     */
    public IpServer(final HostConfig host, final IpConfig config) {
        this.host = Objects.requireNonNull(host, "host");
        this.config = Objects.requireNonNull(config, "config");
        final Addressing addressing = new Addressing(host);
        final NicPort nic = new NicPort(host);
        this.arp = new ArpResolver(host, config, addressing, nic);
        this.output = new Ipv4Output(host, addressing, arp, nic);
        this.icmp = new IcmpService(host, addressing, output);
        this.input = new Ipv4Input(host, config, addressing, icmp);
    }

    /** @param host the host, with {@link IpConfig#DEFAULT} */
    public IpServer(final HostConfig host) {
        this(host, IpConfig.DEFAULT);
    }

    /**
     * @param host the host
     * @return the spec of its ip server, named {@code <host>.ip}, with the default configuration
     */
    public static ServerSpec<State> spec(final HostConfig host) {
        return spec(host, IpConfig.DEFAULT);
    }

    /**
     * @param host   the host
     * @param config the ip configuration
     * @return the spec of its ip server, named {@code <host>.ip}: restored from a checkpoint taken
     *         after every message that changes the ARP tables or ICMP's, and at least every
     *         {@value #MINOR_WAIT} datagrams (which change only counters and the identification)
     */
    public static ServerSpec<State> spec(final HostConfig host, final IpConfig config) {
        return ServerSpec.of(host.server(HostNames.IP), State.class, () -> new IpServer(host, config), State::new)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE.withMinorWait(MINOR_WAIT));
    }

    /**
     * Datagrams in a row, passed up or sent to a neighbour in the ARP cache, that a checkpoint may
     * wait for: they change only counters and the next identification. A restore from a checkpoint
     * loses at most this many datagrams' counts; the identification skips the messages lost
     * ({@link #onStart}), so none is reused.
     */
    public static final int MINOR_WAIT = 64;

    /**
     * The checkpointed state: plain fields Jackson reads directly, maps keyed by boxed ints
     * (IPv4 addresses as {@link dev.newt.net.wire.Ipv4Address#bits()}, ICMP identifiers), sorted so
     * that iteration, hence the order of what the server sends, is deterministic.
     */
    public static final class State {
        /** Address bits to hardware address and expiry. */
        TreeMap<Integer, ArpEntry> arpCache = new TreeMap<>();
        /** Address bits to the resolution in progress and its queued datagrams. */
        TreeMap<Integer, ArpPending> arpPending = new TreeMap<>();
        /** ICMP echo identifier to the endpoint that sent the {@link PingRequest}. */
        TreeMap<Integer, String> pingRequesters = new TreeMap<>();
        /** Identification of the next datagram sent, 0..0xFFFF. */
        int nextIdentification;
        /** Id of the last resolution started, to recognise stale retry timers. */
        long nextResolution;
        /** Counter name to value; see {@link IpCounters}. */
        Counters counters = new Counters();

        /** A fresh state: empty cache, no counts. */
        public State() {
        }

        /** @param name a counter @return its value, 0 when never counted */
        public long counter(final String name) {
            return counters.value(name);
        }
    }

    @Override
    public State onStart(final ServerContext ctx, final State state, final StartReason reason) {
        // A restore may lack identifications the dead incarnation used (see MINOR_WAIT): skip them.
        state.nextIdentification = (int) ((state.nextIdentification + ctx.messagesLost()) & 0xFFFF);
        arp.rearm(ctx, state);
        if (reason == StartReason.RESTART_REPLAY) {
            // Timers set by the replay that follows are suppressed: arm those once it is over.
            ctx.setTimer(Duration.ZERO, new ArpRearm());
        }
        return state;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (m.kind() == Envelope.Kind.TIMER) {
            if (p instanceof ArpRetry) {
                arp.onRetry(ctx, s, (ArpRetry) p);
            } else if (p instanceof ArpRearm) {
                arp.rearm(ctx, s);
            } else {
                s.counters.count(IpCounters.UNEXPECTED);
            }
        } else if (p instanceof Frame) {
            if (onFrame(ctx, s, (Frame) p)) {
                ctx.minorChange();
            }
        } else if (p instanceof IpOutbound) {
            if (output.onOutbound(ctx, s, (IpOutbound) p)) {
                ctx.minorChange();
            }
        } else if (p instanceof IcmpError) {
            icmp.onIcmpError(ctx, s, (IcmpError) p);
        } else if (p instanceof PingRequest) {
            icmp.onPingRequest(ctx, s, m.from(), (PingRequest) p);
        } else if (p instanceof StatsQuery) {
            ctx.stateUnchanged(); // stats are read from a copy of the counters
            final Stats stats = stats(ctx, s);
            if (m.isRequest()) {
                ctx.reply(m, stats);
            } else if (!ctx.send(m.from(), stats)) {
                s.counters.count(IpCounters.SEND_REJECTED);
            }
        } else if (m.kind() != Envelope.Kind.REPLY) {
            s.counters.count(IpCounters.UNEXPECTED);
        }
        return s;
    }

    /** @return whether only counters changed (a minor change): not for ARP nor ICMP */
    private boolean onFrame(final ServerContext ctx, final State s, final Frame f) {
        s.counters.count(IpCounters.FRAMES_IN);
        if (f.buffer() == null) {
            s.counters.drop(DropReason.TRUNCATED);
            return true;
        }
        final PacketBuffer raw = f.buffer().verify();
        final Decoded<EthernetFrame> decoded = EthernetFrame.decode(raw.asByteBuffer());
        if (!decoded.isOk()) {
            s.counters.drop(decoded.reason());
            return true;
        }
        final EthernetFrame frame = decoded.value();
        // nic may be promiscuous or the link a hub: take only what is addressed to us or to all.
        if (!frame.destination().equals(host.mac()) && !frame.destination().isBroadcast()) {
            s.counters.drop(DropReason.NOT_FOR_US);
            return true;
        }
        if (frame.etherType() == EtherType.ARP) {
            arp.onArp(ctx, s, frame);
            return false;
        }
        if (frame.etherType() == EtherType.IPV4) {
            return input.onIpv4(ctx, s, frame, raw);
        }
        s.counters.drop(DropReason.UNKNOWN_ETHERTYPE);
        return true;
    }

    private Stats stats(final ServerContext ctx, final State s) {
        final Counters c = s.counters.copy();
        for (final String name : List.of(IpCounters.FRAMES_IN, IpCounters.FRAMES_OUT, IpCounters.PACKETS_IN,
            IpCounters.PACKETS_OUT, IpCounters.PACKETS_DELIVERED, IpCounters.ARP_REQUESTS_IN,
            IpCounters.ARP_REPLIES_IN, IpCounters.ARP_REQUESTS_OUT, IpCounters.ARP_REPLIES_OUT,
            IpCounters.ARP_UNRESOLVED, IpCounters.ECHO_REQUESTS_IN, IpCounters.ECHO_REPLIES_OUT,
            IpCounters.ECHO_REQUESTS_OUT, IpCounters.ECHO_REPLIES_IN)) {
            c.putIfAbsent(name, 0L);
        }
        for (final DropReason r : DropReason.values()) {
            c.putIfAbsent(IpCounters.drop(r), 0L);
        }
        c.put(IpCounters.ARP_CACHE_SIZE, ArpResolver.liveEntries(s, ctx.now()));
        c.put(IpCounters.ARP_PENDING, (long) s.arpPending.size());
        c.put(IpCounters.ARP_QUEUED, s.arpPending.values().stream().mapToLong(q -> q.queue.size()).sum());
        return c.toStats(ctx.name());
    }

    @Override
    public Optional<String> audit(final State s) {
        if (s.nextIdentification < 0 || s.nextIdentification > 0xFFFF) {
            return Optional.of("next identification " + s.nextIdentification + " outside 0..65535");
        }
        if (s.arpCache.size() > config.maxArpEntries()) {
            return Optional.of("ARP cache holds " + s.arpCache.size() + " entries, bound " + config.maxArpEntries());
        }
        if (s.arpPending.size() > config.maxPendingAddresses()) {
            return Optional.of(s.arpPending.size() + " pending resolutions, bound " + config.maxPendingAddresses());
        }
        // Runs before every checkpoint, so after most frames: plain loops, nothing built unless bad.
        for (final Map.Entry<Integer, ArpPending> e : s.arpPending.entrySet()) {
            final ArpPending p = e.getValue();
            if (p.queue.size() > config.maxQueuedPerAddress() || p.queue.contains(null)) {
                return Optional.of("queue of " + new Ipv4Address(e.getKey()) + " holds " + p.queue.size()
                    + " datagrams (bound " + config.maxQueuedPerAddress() + ") or a null");
            }
        }
        for (final Map.Entry<String, Long> c : s.counters.entrySet()) {
            final Long v = c.getValue();
            if (v == null || v < 0) {
                return Optional.of("counter " + c.getKey() + " is " + v);
            }
        }
        return Optional.empty();
    }

    /**
     * @param b bytes from position to limit; not moved
     * @return a fresh array of them, for a message (messages never share arrays with frames)
     */
    static byte[] copy(final ByteBuffer b) {
        final byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
