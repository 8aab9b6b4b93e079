package dev.newt.net.tcp;

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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * TCP for one host (RFC 9293), as a server between the stream calls of sock (or any endpoint:
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

    /** The checkpointed state. */
    public static final class State {
        /** The id the next connection or listener gets. */
        public int nextId = 1;
        /** Where the search for a free ephemeral port starts. */
        public int nextEphemeral = Demux.FIRST_EPHEMERAL;
        /** Connections by id. */
        public TreeMap<Integer, Connection> connections = new TreeMap<>();
        /** Listeners by id. */
        public TreeMap<Integer, Listener> listeners = new TreeMap<>();
        /** Live connections by 4-tuple key ({@link Demux#key}). */
        public TreeMap<Long, Integer> tuples = new TreeMap<>();
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
    }

    /** Messages between checkpoints of the default spec; replay covers the ones since. */
    public static final int CHECKPOINT_EVERY = 64;

    private final HostConfig host;
    private final TcpConfig config;
    /** Connections (and 4-tuples) the audit checks per call when there are more, resuming where the last stopped. */
    static final int AUDIT_BATCH = 64;
    /** The connection id after which the next audit resumes; null: from the first. Not state: a position. */
    private Integer auditAfterConnection;
    /** The 4-tuple key after which the next audit resumes; null: from the first. Not state: a position. */
    private Long auditAfterTuple;

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
     * The spec of a host's tcp: named {@code <host>.tcp}, recovered by {@code checkpoint+replay}
     * from a checkpoint taken every {@value #CHECKPOINT_EVERY} messages and the messages handled
     * since (so a restart keeps every connection and byte, without serializing the buffers after
     * every segment), with a mailbox of 8192 for bursts of segments.
     *
     * @param host   the host
     * @param config the settings
     * @return the spec
     */
    public static ServerSpec<State> spec(final HostConfig host, final TcpConfig config) {
        return ServerSpec.of(host.server(HostNames.TCP), State.class, () -> new TcpServer(host, config), State::new)
            .withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY)
            .withCheckpoints(CheckpointPolicy.everyMessages(CHECKPOINT_EVERY))
            .withPartCodec(new TcpParts())
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
        if (reason == StartReason.RESTART_CHECKPOINT && ctx.messagesLost() > 0) {
            StaleRestore.resetConnections(io, ctx.messagesLost());
        }
        if (reason != StartReason.FIRST_START) {
            Calls.restored(s, ctx.now());
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final TcpIo io = new TcpIo(ctx, config, host, s);
        final Object p = m.payload();
        if (p instanceof IpInbound in) {
            Input.segment(io, in);
        } else if (p instanceof TcpTimer t && m.kind() == Envelope.Kind.TIMER) {
            timer(io, t);
        } else if (p instanceof AckFlush f && m.kind() == Envelope.Kind.MESSAGE && m.from().equals(ctx.name())) {
            Input.ackFlush(io, f);
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
        io.changed(c);
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

    /**
     * Checks the 4-tuple table, the port table and the connections: all of them while there are at
     * most {@value #AUDIT_BATCH} connections and 4-tuples (as a campaign's workloads have), else the
     * next {@value #AUDIT_BATCH} of each after where the last audit stopped, round the tables. The
     * audit runs before every checkpoint; a walk of every connection (hundreds in TIME_WAIT under
     * short connections) made each cost what exists rather than what changed, while this bound
     * still reaches every connection within {@code size / 64} audits.
     */
    @Override
    public Optional<String> audit(final State s) {
        if (s.connections.size() <= AUDIT_BATCH && s.tuples.size() <= AUDIT_BATCH) {
            auditAfterConnection = null;
            auditAfterTuple = null;
        }
        final Optional<String> tuples = auditTuples(s, after(s.tuples, auditAfterTuple));
        if (tuples.isPresent()) {
            return tuples;
        }
        for (Map.Entry<Integer, Integer> e : s.ports.entrySet()) {
            final Listener l = s.listeners.get(e.getValue());
            if (l == null || l.port != e.getKey()) {
                return Optional.of("port " + e.getKey() + " names listener " + e.getValue() + " not on it");
            }
        }
        return auditConnections(s, after(s.connections, auditAfterConnection));
    }

    /**
     * (NavigableMap is spelled in full: the tcp-v2 image's patch expects this file's imports as they were.)
     *
     * @return the entries after {@code cursor}, or all of them from the first when there is no cursor;
     *         a map that is not ordered (a live update's state may change the tables' types) is
     *         walked whole
     */
    private static <K, V> Iterable<Map.Entry<K, V>> after(final Map<K, V> map, final K cursor) {
        if (!(map instanceof java.util.NavigableMap<K, V> ordered)) {
            return map.entrySet();
        }
        return cursor == null ? ordered.entrySet() : ordered.tailMap(cursor, false).entrySet();
    }

    /** @return the most entries of {@code map} an audit checks: all of an unordered one */
    private static int batch(final Map<?, ?> map) {
        return map instanceof java.util.NavigableMap ? AUDIT_BATCH : Integer.MAX_VALUE;
    }

    /** Audits up to {@value #AUDIT_BATCH} 4-tuples, remembering the last; at the end starts over. */
    private Optional<String> auditTuples(final State s, final Iterable<Map.Entry<Long, Integer>> entries) {
        int left = batch(s.tuples);
        for (Map.Entry<Long, Integer> e : entries) {
            if (left-- <= 0) {
                return Optional.empty();
            }
            auditAfterTuple = e.getKey();
            final Connection c = s.connections.get(e.getValue());
            if (c == null || Demux.key(c.localPort, c.remoteAddress, c.remotePort) != e.getKey()
                || c.state == TcpState.CLOSED) {
                return Optional.of("4-tuple " + Long.toHexString(e.getKey()) + " names connection " + e.getValue()
                    + " which is not live under it");
            }
        }
        auditAfterTuple = null;
        return Optional.empty();
    }

    /** Audits up to {@value #AUDIT_BATCH} connections, remembering the last; at the end starts over. */
    private Optional<String> auditConnections(final State s,
                                              final Iterable<Map.Entry<Integer, Connection>> entries) {
        int left = batch(s.connections);
        for (Map.Entry<Integer, Connection> e : entries) {
            if (left-- <= 0) {
                return Optional.empty();
            }
            auditAfterConnection = e.getKey();
            final Optional<String> bad = audit(e.getKey(), e.getValue(), s.nextId);
            if (bad.isPresent()) {
                return bad;
            }
        }
        auditAfterConnection = null;
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
