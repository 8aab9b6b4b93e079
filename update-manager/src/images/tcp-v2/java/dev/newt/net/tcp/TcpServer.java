package dev.newt.net.tcp;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.stats.Counters;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Version 2 of tcp, an image for the live update tests and demos (built by update-manager's pom
 * from servers' tcp sources, this file and {@link Demux} replacing theirs). What differs from
 * version 1:
 *
 * <ul>
 * <li>State schema: {@code nextEphemeral} is renamed {@code nextEphemeralPort}; {@code tuples},
 *     looked up for every segment, is a {@link HashMap} instead of a {@link TreeMap}; two fields
 *     are added, {@code updatesSeen} and {@code segmentsSinceUpdate} (a v1 state has neither:
 *     {@link TcpStateV1ToV2}, the transform this image ships, gives them their defaults).</li>
 * <li>Behaviour: an incarnation started by a live update counts it and emits {@code tcp-updated}
 *     (version, connections, established connections, updates seen); {@link Stats} adds
 *     {@code version} (2), {@code updates} and {@code segments.in.since-update}, the segments this
 *     version handled since the last update.</li>
 * </ul>
 *
 * <p>Version 1's description follows.
 *
 * <p>TCP for one host (RFC 9293), as a server between the stream calls of sock (or any endpoint:
 * tests call it directly) and pf.
 *
 * <ul>
 * <li>Up: the {@code Stream*} requests, answered with replies; calls that wait (accept, connect,
 *     receive, a send waiting for buffer space) keep their reply address in the state. A request
 *     that already waits there (same requester and correlation id, as sock resubmits after a tcp
 *     restart) is not taken twice, nor one the restored incarnation answered before the
 *     resubmission came (see {@link Calls}).</li>
 * <li>Down: {@code IpOutbound} (protocol 6) to {@code <host>.pf}, {@code IpInbound} from it.</li>
 * <li>{@link StatsQuery} is answered with {@link Stats}.</li>
 * </ul>
 *
 * <p>The code is split by concern: {@link Input} (segment arrival and the state machine),
 * {@link Calls} (user calls), {@link Sender} (segmentation, ACK processing, fast retransmit and
 * recovery), {@link RetransmitTimer} (timeouts and zero-window probes), {@link Receiver}
 * (reassembly, window, ACK policy), {@link RttEstimator}, {@link CongestionControl} and
 * {@link NewReno}, {@link Demux}, {@link Rst}, {@link TimerSlot}.
 *
 * <p>Everything lives in the checkpointed {@link State}: connections with their buffers,
 * out-of-order data, sequence variables, congestion and RTT state, waiting calls, and every timer
 * as an absolute deadline. Runtime timers die with an incarnation, so {@link #onStart} arms one
 * for each deadline again: a tcp restored from a checkpoint carries on with its connections.
 *
 * <p>Counters: {@code segments.in}, {@code segments.out}, {@code bytes.in}, {@code bytes.out}
 * (payload), {@code retransmits}, {@code fast-retransmits}, {@code timeouts}, {@code dup-acks},
 * {@code rtt.samples}, {@code persist-probes}, {@code window-updates}, {@code challenge-acks},
 * {@code rst.in}, {@code rst.out}, {@code no-connection}, {@code connections.active-opens},
 * {@code connections.passive-opens}, {@code connections.opened}, {@code connections.closed}
 * (orderly), {@code connections.reset}, {@code connections.refused},
 * {@code connections.timed-out}, {@code connections.aborted} (by the user),
 * {@code connections} and {@code listeners} (now), {@code listens}, {@code duplicate-request}
 * (a resubmitted call recognised; {@code duplicate-request.answered} when it was already answered),
 * {@code rejected.<why>} (well-formed segments the state machine refuses: out-of-window, bad-ack,
 * ack-unsent, ack-too-old, no-ack, no-syn, backlog-full, rst-out-of-window, ...),
 * {@code drop.<REASON>} ({@code TRUNCATED}, {@code BAD_HEADER_LENGTH} for a bad data offset,
 * {@code BAD_CHECKSUM}, {@code NOT_FOR_US}, {@code NO_BUFFER_SPACE} when pf's mailbox is full),
 * {@code timer.stale}, {@code unexpected}.
 */
public final class TcpServer implements Server<TcpServer.State> {

    /** The version this image reports in its stats and events. */
    public static final int VERSION = 2;
    /** The kind of the event an incarnation started by a live update emits. */
    public static final String UPDATED_EVENT = "tcp-updated";

    /** The checkpointed state (schema version 2). */
    public static final class State {
        /** The id the next connection or listener gets. */
        public int nextId = 1;
        /** Where the search for a free ephemeral port starts (v1: {@code nextEphemeral}). */
        public int nextEphemeralPort = Demux.FIRST_EPHEMERAL;
        /** Connections by id. */
        public TreeMap<Integer, Connection> connections = new TreeMap<>();
        /** Listeners by id. */
        public TreeMap<Integer, Listener> listeners = new TreeMap<>();
        /** Live connections by 4-tuple key ({@link Demux#key}); v1: a TreeMap. */
        public HashMap<Long, Integer> tuples = new HashMap<>();
        /** Listeners by port. */
        public TreeMap<Integer, Integer> ports = new TreeMap<>();
        /**
         * Calls that waited in the state when a restored incarnation started, by
         * {@code requester#correlationId}, with when: their resubmissions are recognised even after
         * the call was answered. Emptied as the resubmissions come, pruned after a minute.
         */
        public TreeMap<String, Long> resubmittable = new TreeMap<>();
        /** Counters by name. */
        public Counters counters = new Counters();
        /** Live updates this state went through into a version that counts them (new in v2). */
        public long updatesSeen;
        /** Segments handled since the last live update (new in v2). */
        public long segmentsSinceUpdate;
    }

    /** Messages between checkpoints of the default spec; replay covers the ones since. */
    public static final int CHECKPOINT_EVERY = 64;

    private final HostConfig host;
    private final TcpConfig config;

    /**
     * A tcp with the default settings: the constructor an image of the tcp package is loaded with,
     * since {@link TcpConfig} is then a class of the image, not of its caller.
     *
     * @param host the host
     */
    public TcpServer(final HostConfig host) {
        this(host, TcpConfig.DEFAULTS);
    }

    /**
     * @param host   the host
     * @param config the settings; the MSS is capped by the host's MTU
     */
    public TcpServer(final HostConfig host, final TcpConfig config) {
        this.host = Objects.requireNonNull(host, "host");
        this.config = Objects.requireNonNull(config, "config").forMtu(host.mtu());
    }

    /**
     * @param host the host
     * @return the spec of {@code <host>.tcp} with the default settings
     */
    public static ServerSpec<State> spec(final HostConfig host) {
        return spec(host, TcpConfig.DEFAULTS);
    }

    /**
     * The spec of a host's tcp, as v1's: {@code checkpoint+replay} from a checkpoint every
     * {@value #CHECKPOINT_EVERY} messages, with a mailbox of 8192 for bursts of segments.
     *
     * @param host   the host
     * @param config the settings
     * @return the spec
     */
    public static ServerSpec<State> spec(final HostConfig host, final TcpConfig config) {
        return ServerSpec.of(host.server(HostNames.TCP), State.class, () -> new TcpServer(host, config), State::new)
            .withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY)
            .withCheckpoints(CheckpointPolicy.everyMessages(CHECKPOINT_EVERY))
            .withMailboxCapacity(8192);
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        final TcpIo io = new TcpIo(ctx, config, host, s);
        for (Connection c : s.connections.values()) {
            for (TimerKind k : TimerKind.values()) {
                c.timer(k).rearm(io, c.id, k);
            }
        }
        if (reason == StartReason.RESTART_FRESH && s.nextId == 1) {
            // Every connection is gone. Handles of this incarnation must not collide with the dead
            // ones that sock's resubmitted calls still name: start them in a range of this epoch.
            s.nextId = (int) ((ctx.epoch() & 0x7FF) << 20) + 1;
        }
        if (reason != StartReason.FIRST_START) {
            Calls.restored(s, ctx.now());
        }
        if (reason == StartReason.UPDATE) {
            s.updatesSeen++;
            s.segmentsSinceUpdate = 0;
            ctx.emit(new CustomEvent(ctx.now(), ctx.name(), UPDATED_EVENT, updated(s)));
        }
        return s;
    }

    private static Map<String, Object> updated(final State s) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", VERSION);
        f.put("connections", s.connections.size());
        f.put("established", s.connections.values().stream().filter(c -> c.state == TcpState.ESTABLISHED).count());
        f.put("updatesSeen", s.updatesSeen);
        return f;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final TcpIo io = new TcpIo(ctx, config, host, s);
        final Object p = m.payload();
        if (p instanceof IpInbound in) {
            s.segmentsSinceUpdate++;
            Input.segment(io, in);
        } else if (p instanceof TcpTimer t && m.kind() == Envelope.Kind.TIMER) {
            timer(io, t);
        } else if (m.isRequest() && p instanceof StatsQuery) {
            ctx.reply(m, stats(ctx, s));
        } else if (!(m.isRequest() && Calls.handle(io, m))) {
            io.count("unexpected");
        }
        return s;
    }

    private static void timer(final TcpIo io, final TcpTimer t) {
        final Connection c = io.state().connections.get(t.connection());
        if (c == null) {
            io.count("timer.stale");
            return;
        }
        if (!c.timer(t.kind()).fired(io, t)) {
            return;
        }
        switch (t.kind()) {
            case RETRANSMIT:
                RetransmitTimer.expired(io, c);
                break;
            case PERSIST:
                RetransmitTimer.persistExpired(io, c);
                break;
            case DELAYED_ACK:
                if (c.rcv.ackOwed && c.state != TcpState.CLOSED) {
                    c.sendAck(io);
                }
                break;
            default:
                Demux.closed(io, c);
                break;
        }
    }

    private static Stats stats(final ServerContext ctx, final State s) {
        final Counters c = s.counters.copy();
        c.put("connections", (long) s.connections.size());
        c.put("listeners", (long) s.listeners.size());
        c.put("version", (long) VERSION);
        c.put("updates", s.updatesSeen);
        c.put("segments.in.since-update", s.segmentsSinceUpdate);
        return c.toStats(ctx.name());
    }

    /**
     * A tcp is at a safe point for a live update when no handshake is in progress: no connection in
     * SYN_SENT or SYN_RECEIVED. Established connections move to the new version with their buffers
     * and timers; a half-open one is left to finish first, since its SYN retransmission and the
     * peer's answer would race the switch.
     */
    @Override
    public boolean quiescent(final State s) {
        for (Connection c : s.connections.values()) {
            if (c.state == TcpState.SYN_SENT || c.state == TcpState.SYN_RECEIVED) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<String> audit(final State s) {
        for (Map.Entry<Long, Integer> e : s.tuples.entrySet()) {
            final Connection c = s.connections.get(e.getValue());
            if (c == null || Demux.key(c.localPort, c.remoteAddress, c.remotePort) != e.getKey()
                || c.state == TcpState.CLOSED) {
                return Optional.of("4-tuple " + Long.toHexString(e.getKey()) + " names connection " + e.getValue()
                    + " which is not live under it");
            }
        }
        for (Map.Entry<Integer, Integer> e : s.ports.entrySet()) {
            final Listener l = s.listeners.get(e.getValue());
            if (l == null || l.port != e.getKey()) {
                return Optional.of("port " + e.getKey() + " names listener " + e.getValue() + " not on it");
            }
        }
        for (Map.Entry<Integer, Connection> e : s.connections.entrySet()) {
            final Optional<String> bad = audit(e.getKey(), e.getValue(), s.nextId);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> audit(final int key, final Connection c, final int nextId) {
        final String who = "connection " + key + ": ";
        if (c.id != key || c.id >= nextId || c.state == null) {
            return Optional.of(who + "filed with id " + c.id + ", state " + c.state);
        }
        final Sender snd = c.snd;
        if (!SeqNum.leq(snd.sndUna, snd.sndNxt) || !SeqNum.leq(snd.sndNxt, snd.sndMax)) {
            return Optional.of(who + "send sequence out of order: una " + Integer.toUnsignedString(snd.sndUna)
                + ", nxt " + Integer.toUnsignedString(snd.sndNxt) + ", max " + Integer.toUnsignedString(snd.sndMax));
        }
        if (snd.buffer.size() > snd.capacity || c.rcv.buffer.size() > c.rcv.capacity) {
            return Optional.of(who + "buffer beyond capacity: send " + snd.buffer.size() + "/" + snd.capacity
                + ", receive " + c.rcv.buffer.size() + "/" + c.rcv.capacity);
        }
        if (!c.rcv.outOfOrder.empty() && c.rcv.outOfOrder.ranges.firstKey() <= c.rcv.offset) {
            return Optional.of(who + "out-of-order data at " + c.rcv.outOfOrder.ranges.firstKey()
                + " is not beyond the in-order offset " + c.rcv.offset);
        }
        if (c.state != TcpState.CLOSED && snd.synAcked() && SeqNum.gt(snd.sndMax, snd.dataEnd() + 1)) {
            return Optional.of(who + "sent beyond the data and FIN");
        }
        return Optional.empty();
    }
}
