package dev.newt.net.sock;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.RequestTimedOut;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramClose;
import dev.newt.net.msg.DgramClosed;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.msg.DgramSent;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.UdpClose;
import dev.newt.net.msg.UdpInput;
import dev.newt.net.msg.UdpOpen;
import dev.newt.net.msg.UdpOpened;
import dev.newt.net.msg.UdpOutput;
import dev.newt.net.stats.Counters;
import dev.newt.net.udp.UdpServer;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.Ipv4Address;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The socket server of one host: applications open, use and close datagram sockets with the
 * {@code Dgram*} requests, and sock speaks to udp for them; and they listen, connect, accept, send,
 * receive, shut down and close stream connections with the {@code Stream*} requests, which sock
 * relays to tcp (see {@link StreamSockets}: ownership, ordering, resubmission after a tcp restart).
 *
 * <p>Everything a socket holds lives in the checkpointed state, including where to answer the
 * requests that wait: a bind waits for udp's answer to the {@link UdpOpen} it caused (kept under
 * that request's correlation id), and a receive waits for a datagram. So a sock restored from a
 * checkpoint answers them all. A request the dead incarnation had taken is resubmitted by its
 * requester too; one already waiting in the state is recognised by its {@link ReplyTo} and not
 * queued twice.
 *
 * <p>sock watches udp ({@link #spec}): when udp restarts, possibly with an empty port table, sock
 * opens every bound port again.
 *
 * <p>Counters: {@code binds}, {@code bind.failed}, {@code bind.retry}, {@code closes},
 * {@code datagrams.in}, {@code datagrams.out}, {@code sockets} and {@code queued} (now),
 * {@code no-socket} (input for a port no socket has), {@code duplicate-request},
 * {@code udp.reopen}, {@code udp.reopened}, {@code udp.reopen-failed}, {@code drop.<REASON>}
 * ({@code NO_BUFFER_SPACE}: a full receive queue), {@code unexpected}.
 */
public final class SockServer implements Server<SockServer.State> {
    /** Most datagrams queued per socket; more are dropped and counted. */
    public static final int RECEIVE_QUEUE_LIMIT = 256;

    /** The checkpointed state. */
    public static final class State {
        /** The handle the next bound socket gets. */
        public int nextSocketId = 1;
        /** Bound sockets by handle. */
        public TreeMap<Integer, DgramSocket> sockets = new TreeMap<>();
        /** Binds waiting for udp, by the correlation id of their {@code UdpOpen}. */
        public TreeMap<Long, PendingBind> binds = new TreeMap<>();
        /** Counters by name. */
        public Counters counters = new Counters();
        /** Stream connections and listeners by tcp's id. */
        public TreeMap<Integer, StreamHandle> streams = new TreeMap<>();
        /** Stream requests at tcp, by the correlation id of sock's request to tcp. */
        public TreeMap<Long, TcpRelay> relays = new TreeMap<>();
        /**
         * Requests this state held when a new incarnation took it over: their requesters resubmit
         * them, and the resubmission must be ignored even if the request has been answered since.
         */
        public LinkedHashSet<ReplyTo> heldAtRestart = new LinkedHashSet<>();
        /** Connections on exposed rings, by tcp's id: the rings' ids and positions (see {@link RingStreams}). */
        public TreeMap<Integer, RingHandle> rings = new TreeMap<>();
        /** Requests of ring connections at tcp, by correlation id. */
        public TreeMap<Long, RingRelay> ringRelays = new TreeMap<>();
    }

    /** Most entries of {@link State#heldAtRestart}; the oldest go first. */
    static final int HELD_AT_RESTART_LIMIT = 4096;

    private final HostConfig config;
    private final String udp;
    private final StreamSockets streams;
    private final RingStreams rings;

    /** @param config the host */
    public SockServer(final HostConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.udp = config.server(HostNames.UDP);
        this.streams = new StreamSockets(config);
        this.rings = new RingStreams(config.server(HostNames.TCP), config.name());
    }

    /** Messages between checkpoints of the default spec; replay covers the ones since. */
    public static final int CHECKPOINT_EVERY = 64;

    /**
     * The spec of a host's sock with the defaults: named {@code <host>.sock}, recovered by
     * {@code checkpoint+replay} from a checkpoint every {@value #CHECKPOINT_EVERY} messages (its
     * lanes hold the applications' unsent data, tens of KB not worth serializing after every
     * message), and watching {@code <host>.udp} to open its ports again
     * when udp restarts. It need not watch tcp: the stream requests a dead tcp took and never
     * answered reach sock's {@link #onPeerRestarted} without it, and tcp's connections are tcp's
     * to keep.
     *
     * @param config the host
     * @return the spec
     */
    public static ServerSpec<State> spec(final HostConfig config) {
        return ServerSpec.of(config.server(HostNames.SOCK), State.class, () -> new SockServer(config), State::new)
            .withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY)
            .withCheckpoints(CheckpointPolicy.everyMessages(CHECKPOINT_EVERY))
            .withWatches(config.server(HostNames.UDP));
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (reason != StartReason.FIRST_START && reason != StartReason.RESTART_FRESH) {
            rememberHeld(s);
        }
        streams.onStart(ctx, s);
        rings.onStart(ctx, s);
        return s;
    }

    /**
     * Files every request the restored state holds as one its requester will resubmit. The runtime
     * tells requesters of them at once, but replies come before requests in this sock's mailbox:
     * a held receive answered by a datagram or by tcp before the resubmission arrives would make
     * the resubmission look new, and be served twice (bytes sent twice, a receive that eats the
     * next answer).
     */
    private static void rememberHeld(final State s) {
        for (DgramSocket sock : s.sockets.values()) {
            s.heldAtRestart.addAll(sock.waiting);
        }
        for (PendingBind b : s.binds.values()) {
            s.heldAtRestart.add(b.app);
        }
        StreamSockets.held(s, s.heldAtRestart);
        RingStreams.held(s, s.heldAtRestart);
        final Iterator<ReplyTo> it = s.heldAtRestart.iterator();
        while (s.heldAtRestart.size() > HELD_AT_RESTART_LIMIT && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (m.kind() == Envelope.Kind.REPLY) {
            if (!rings.reply(ctx, s, m) && !streams.reply(ctx, s, m)) {
                udpReply(ctx, s, m.correlationId(), p);
            }
        } else if (m.kind() == Envelope.Kind.TIMER && p instanceof StreamSockets.RetryLanes) {
            streams.retry(ctx, s);
        } else if (p instanceof UdpInput in && m.from().equals(udp)) {
            input(ctx, s, in);
        } else if (RingStreams.isRing(p) && !m.isRequest()) {
            rings.handle(ctx, s, m);
        } else if (!m.isRequest()) {
            s.counters.count("unexpected");
        } else if (resubmitted(ctx, s, m)) {
            s.counters.count("duplicate-request");
        } else if (RingStreams.isRing(p)) {
            rings.handle(ctx, s, m);
        } else if (p instanceof DgramBind b) {
            bind(ctx, s, m, b.port());
        } else if (p instanceof DgramSendTo t) {
            sendTo(ctx, s, m, t);
        } else if (p instanceof DgramReceive r) {
            receive(ctx, s, m, r.socketId());
        } else if (p instanceof DgramClose c) {
            close(ctx, s, m, c.socketId());
        } else if (streams.request(ctx, s, m)) {
            return s;
        } else if (p instanceof StatsQuery) {
            ctx.reply(m, stats(ctx, s));
        } else {
            s.counters.count("unexpected");
        }
        return s;
    }

    @Override
    public State onPeerRestarted(final ServerContext ctx, final State s, final PeerRestarted notice) {
        if (notice.peer().equals(streams.tcp())) {
            streams.tcpRestarted(ctx, s, rings.tcpRestarted(ctx, s, notice.pending()));
            return s;
        }
        // Binds udp took and never answered: ask again, under the same ids the state files them by.
        notice.pending().forEach(ctx::resubmit);
        if (notice.peer().equals(udp)) {
            // udp may have restarted fresh, its port table empty: open every bound port again.
            for (DgramSocket sock : s.sockets.values()) {
                if (ctx.request(udp, new UdpOpen(sock.port)).isPresent()) {
                    s.counters.count("udp.reopen");
                } else {
                    s.counters.count("udp.reopen-failed");
                }
            }
        }
        return s;
    }

    @Override
    public Optional<String> audit(final State s) {
        final Set<Integer> ports = new HashSet<>();
        for (Map.Entry<Integer, DgramSocket> e : s.sockets.entrySet()) {
            final DgramSocket sock = e.getValue();
            if (sock.id != e.getKey() || sock.id >= s.nextSocketId) {
                return Optional.of("socket filed under " + e.getKey() + " has id " + sock.id);
            }
            if (!ports.add(sock.port)) {
                return Optional.of("port " + sock.port + " is bound by two sockets");
            }
            if (sock.queue.size() > RECEIVE_QUEUE_LIMIT) {
                return Optional.of(sock.describe() + " queues " + sock.queue.size() + " datagrams");
            }
            if (!sock.queue.isEmpty() && !sock.waiting.isEmpty()) {
                return Optional.of(sock.describe() + " has datagrams queued while receives wait");
            }
        }
        final Optional<String> streamFault = StreamSockets.audit(s);
        return streamFault.isPresent() ? streamFault : RingStreams.audit(s);
    }

    /** @return whether {@code m} is the resubmission of a request a restored state held */
    private static boolean resubmitted(final ServerContext ctx, final State s, final Envelope m) {
        final ReplyTo to = ctx.replyTo(m);
        if (ctx.replaying()) {
            // Replayed requests were taken by the dead incarnation too: resubmitted if unanswered.
            s.heldAtRestart.add(to);
            return false;
        }
        return !s.heldAtRestart.isEmpty() && s.heldAtRestart.remove(to);
    }

    // ---- bind ----

    private void bind(final ServerContext ctx, final State s, final Envelope m, final int port) {
        if (port < 0 || port > 0xFFFF) {
            ctx.reply(m, new SocketError("INVALID_ARGUMENT", "port " + port + " is not 0..65535"));
            return;
        }
        final ReplyTo app = ctx.replyTo(m);
        if (s.binds.values().stream().anyMatch(b -> b.app.equals(app))) {
            s.counters.count("duplicate-request");
            return;
        }
        if (port != 0 && socketOnPort(s, port) != null) {
            s.counters.count("bind.failed");
            ctx.reply(m, inUse(port, socketOnPort(s, port)));
            return;
        }
        askUdp(ctx, s, new PendingBind(app, port), port);
    }

    /** Asks udp to open {@code port} for a bind; answers the application at once if udp's mailbox is full. */
    private void askUdp(final ServerContext ctx, final State s, final PendingBind bind, final int port) {
        final OptionalLong id = ctx.request(udp, new UdpOpen(port));
        if (id.isPresent()) {
            s.binds.put(id.getAsLong(), bind);
        } else {
            s.counters.count("bind.failed");
            ctx.reply(bind.app, new SocketError("NO_BUFFER_SPACE", "cannot reach " + udp + " to bind port " + port
                + ": its mailbox is full"));
        }
    }

    private void udpReply(final ServerContext ctx, final State s, final long correlationId, final Object p) {
        final PendingBind bind = s.binds.remove(correlationId);
        if (bind == null) {
            // The answer to a re-open after udp restarted, or to a bind a fresh sock forgot.
            s.counters.count(p instanceof UdpOpened ? "udp.reopened" : "udp.reopen-failed");
            return;
        }
        if (p instanceof SocketError err) {
            s.counters.count("bind.failed");
            ctx.reply(bind.app, err);
            return;
        }
        if (p instanceof RequestTimedOut t) {
            s.counters.count("bind.failed");
            ctx.reply(bind.app, new SocketError("TIMEOUT", udp + " did not answer the bind within " + t.deadline()));
            return;
        }
        if (!(p instanceof UdpOpened opened)) {
            s.counters.count("unexpected");
            ctx.reply(bind.app, new SocketError("INVALID_ARGUMENT", "unexpected answer from " + udp + ": " + p));
            return;
        }
        final int port = opened.port();
        final DgramSocket holder = socketOnPort(s, port);
        if (holder != null) {
            // udp sees one owner, sock, for all its sockets, so it cannot tell them apart: sock must.
            if (bind.requestedPort == 0) {
                s.counters.count("bind.retry");
                askUdp(ctx, s, bind, 0);
            } else {
                s.counters.count("bind.failed");
                ctx.reply(bind.app, inUse(port, holder));
            }
            return;
        }
        final DgramSocket sock = new DgramSocket(s.nextSocketId++, port, bind.app.requester());
        s.sockets.put(sock.id, sock);
        s.counters.count("binds");
        ctx.reply(bind.app, new DgramBound(sock.id, port));
    }

    private SocketError inUse(final int port, final DgramSocket holder) {
        return new SocketError("ADDRESS_IN_USE", "UDP port " + port + " on " + config.name() + " is bound by "
            + holder.describe() + " of " + holder.owner);
    }

    private static DgramSocket socketOnPort(final State s, final int port) {
        for (DgramSocket sock : s.sockets.values()) {
            if (sock.port == port) {
                return sock;
            }
        }
        return null;
    }

    /** @return the requester's socket, or null after answering {@code BAD_SOCKET} */
    private DgramSocket socketOf(final ServerContext ctx, final State s, final Envelope m, final int id) {
        final DgramSocket sock = s.sockets.get(id);
        if (sock == null || !sock.owner.equals(m.from())) {
            ctx.reply(m, new SocketError("BAD_SOCKET", "no socket " + id + " of " + m.from() + " on "
                + config.name()));
            return null;
        }
        return sock;
    }

    // ---- send ----

    private void sendTo(final ServerContext ctx, final State s, final Envelope m, final DgramSendTo t) {
        final DgramSocket sock = socketOf(ctx, s, m, t.socketId());
        if (sock == null) {
            return;
        }
        if (t.destination() == null || t.data() == null || t.destinationPort() < 1 || t.destinationPort() > 0xFFFF) {
            ctx.reply(m, new SocketError("INVALID_ARGUMENT", sock.describe() + ": destination " + t.destination()
                + " port " + t.destinationPort() + (t.data() == null ? " without data" : "")));
            return;
        }
        if (t.data().length > UdpServer.maxPayload(config)) {
            ctx.reply(m, new SocketError("MESSAGE_TOO_LONG", sock.describe() + ": datagram of " + t.data().length
                + " bytes exceeds " + UdpServer.maxPayload(config)));
            return;
        }
        if (ctx.send(udp, new UdpOutput(sock.port, t.destination(), t.destinationPort(), t.data()))) {
            s.counters.count("datagrams.out");
            ctx.reply(m, new DgramSent(t.data().length));
        } else {
            s.counters.drop(DropReason.NO_BUFFER_SPACE);
            ctx.reply(m, new SocketError("NO_BUFFER_SPACE", sock.describe() + ": " + udp + " is not keeping up"));
        }
    }

    // ---- receive ----

    private void receive(final ServerContext ctx, final State s, final Envelope m, final int id) {
        final DgramSocket sock = socketOf(ctx, s, m, id);
        if (sock == null) {
            return;
        }
        if (!sock.queue.isEmpty()) {
            ctx.reply(m, toDatagram(sock.queue.remove(0)));
            return;
        }
        final ReplyTo to = ctx.replyTo(m);
        if (sock.waiting.contains(to)) {
            s.counters.count("duplicate-request");
            return;
        }
        sock.waiting.add(to);
    }

    private void input(final ServerContext ctx, final State s, final UdpInput in) {
        final DgramSocket sock = socketOnPort(s, in.destinationPort());
        if (sock == null) {
            s.counters.count("no-socket");
            // udp still delivers a port no socket has (a fresh sock forgot it): stop that, unless a
            // bind is on its way for it.
            final int port = in.destinationPort();
            if (s.binds.values().stream().noneMatch(b -> b.requestedPort == port)) {
                ctx.send(udp, new UdpClose(port));
            }
            return;
        }
        final QueuedDatagram d = new QueuedDatagram(in.source().bits(), in.sourcePort(), in.data());
        if (!sock.waiting.isEmpty()) {
            s.counters.count("datagrams.in");
            ctx.reply(sock.waiting.remove(0), toDatagram(d));
        } else if (sock.queue.size() >= RECEIVE_QUEUE_LIMIT) {
            s.counters.drop(DropReason.NO_BUFFER_SPACE);
        } else {
            s.counters.count("datagrams.in");
            sock.queue.add(d);
        }
    }

    private static Datagram toDatagram(final QueuedDatagram d) {
        return new Datagram(new Ipv4Address(d.source), d.sourcePort, d.data);
    }

    // ---- close ----

    private void close(final ServerContext ctx, final State s, final Envelope m, final int id) {
        final DgramSocket sock = socketOf(ctx, s, m, id);
        if (sock == null) {
            return;
        }
        for (ReplyTo r : sock.waiting) {
            ctx.reply(r, new SocketError("CLOSED", sock.describe() + " was closed"));
        }
        s.sockets.remove(id);
        if (!ctx.send(udp, new UdpClose(sock.port))) {
            s.counters.drop(DropReason.NO_BUFFER_SPACE);
        }
        s.counters.count("closes");
        ctx.reply(m, new DgramClosed(id));
    }

    private Stats stats(final ServerContext ctx, final State s) {
        final Counters c = s.counters.copy();
        c.put("sockets", (long) s.sockets.size());
        c.put("queued", s.sockets.values().stream().mapToLong(x -> x.queue.size()).sum());
        streams.stats(s, c);
        return c.toStats(ctx.name());
    }

}
