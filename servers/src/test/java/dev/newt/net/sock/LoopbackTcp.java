package dev.newt.net.sock;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamClosed;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import dev.newt.net.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.TreeMap;

/**
 * TEST ONLY: a stand-in for a host's tcp ({@code <host>.tcp}) that implements the {@code Stream*}
 * requests as in-memory pipes between connections of the same host, with no packets at all. A
 * connect to any address reaches this host's listener on that port; what one end sends lands in
 * the other end's receive buffer, up to {@link #BUFFER} bytes (beyond that a send waits, as flow
 * control would make it); shutdown and close give the peer its end of stream; abort resets it.
 *
 * <p>Like the real tcp must, it keeps the requests it answers later in its checkpointed state and
 * treats a request it already holds (same requester, same correlation id) as the same request, so
 * sock may resubmit after a crash; and a request it held when restored is ignored when resubmitted
 * even if it has been answered since (replies reach sock before its resubmissions reach tcp). Connects to {@link #SILENT_PORT} are never answered; connects to
 * {@link #TIMEOUT_PORT} are answered {@code TIMED_OUT}.
 */
public final class LoopbackTcp implements Server<LoopbackTcp.State> {
    /** Most bytes waiting in a connection's receive buffer before sends to it wait. */
    public static final int BUFFER = 64 * 1024;
    /** Connects to this port are never answered (a peer that drops SYNs). */
    public static final int SILENT_PORT = 9;
    /** Connects to this port are answered {@code TIMED_OUT}. */
    public static final int TIMEOUT_PORT = 10;

    /** A receive waiting for bytes. */
    public static final class Wait {
        public ReplyTo to;
        public int max;

        public Wait() {
        }

        Wait(final ReplyTo to, final int max) {
            this.to = to;
            this.max = max;
        }
    }

    /** A send waiting for room in the peer's buffer. */
    public static final class Blocked {
        public ReplyTo to;
        public byte[] data;

        public Blocked() {
        }

        Blocked(final ReplyTo to, final byte[] data) {
            this.to = to;
            this.data = data;
        }
    }

    /** One end of a pipe. */
    public static final class Conn {
        public int id;
        public int peer;
        public int localPort;
        public int remotePort;
        public byte[] buffer = new byte[0];
        public boolean eof;
        public boolean reset;
        public boolean shut;
        public ArrayList<Wait> receivers = new ArrayList<>();
        public ArrayList<Blocked> blocked = new ArrayList<>();
    }

    /** A listener. */
    public static final class Listener {
        public int id;
        public int port;
        public int backlog;
        public ArrayList<Integer> ready = new ArrayList<>();
        public ArrayList<ReplyTo> accepts = new ArrayList<>();
    }

    /** Checkpointed state. */
    public static final class State {
        public int nextId = 1;
        public int nextPort = 49152;
        public TreeMap<Integer, Conn> conns = new TreeMap<>();
        public TreeMap<Integer, Listener> listeners = new TreeMap<>();
        public ArrayList<ReplyTo> silent = new ArrayList<>();
        public TreeMap<String, Long> counters = new TreeMap<>();
        /** Requests held when restored: their resubmissions are ignored, answered since or not. */
        public LinkedHashSet<ReplyTo> heldAtRestart = new LinkedHashSet<>();
    }

    private final Ipv4Address address;

    /** @param address the host's address, given as the peer of accepted connections */
    public LoopbackTcp(final Ipv4Address address) {
        this.address = address;
    }

    /**
     * @param host     the host
     * @param recovery how it recovers from a crash
     * @return the spec of {@code <host>.tcp}, checkpointing after every message
     */
    public static ServerSpec<State> spec(final HostConfig host, final RecoveryPolicy recovery) {
        return ServerSpec.of(host.server(HostNames.TCP), State.class, () -> new LoopbackTcp(host.address()),
            State::new).withRecovery(recovery).withCheckpoints(CheckpointPolicy.EVERY_MESSAGE)
            .withMailboxCapacity(8192);
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (reason != StartReason.FIRST_START && reason != StartReason.RESTART_FRESH) {
            s.heldAtRestart.addAll(s.silent);
            for (Listener l : s.listeners.values()) {
                s.heldAtRestart.addAll(l.accepts);
            }
            for (Conn c : s.conns.values()) {
                c.receivers.forEach(w -> s.heldAtRestart.add(w.to));
                c.blocked.forEach(b -> s.heldAtRestart.add(b.to));
            }
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (!m.isRequest()) {
            return s;
        }
        final ReplyTo to = ctx.replyTo(m);
        if (s.heldAtRestart.remove(to) || holds(s, to)) {
            count(s, "duplicate");
            return s;
        }
        final Object p = m.payload();
        count(s, p.getClass().getSimpleName());
        if (p instanceof StreamListen l) {
            listen(ctx, s, to, l);
        } else if (p instanceof StreamConnect c) {
            connect(ctx, s, to, c);
        } else if (p instanceof StreamAccept a) {
            final Listener l = s.listeners.get(a.listenerId());
            if (l == null) {
                ctx.reply(to, new SocketError("BAD_SOCKET", "no listener " + a.listenerId()));
            } else {
                l.accepts.add(to);
                serveAccepts(ctx, s, l);
            }
        } else if (p instanceof StreamSend d) {
            final Conn c = conn(ctx, s, to, d.connectionId());
            if (c != null) {
                send(ctx, s, to, c, d.data());
            }
        } else if (p instanceof StreamReceive r) {
            final Conn c = conn(ctx, s, to, r.connectionId());
            if (c != null) {
                c.receivers.add(new Wait(to, r.max()));
                serveReceives(ctx, s, c);
            }
        } else if (p instanceof StreamShutdown sd) {
            final Conn c = conn(ctx, s, to, sd.connectionId());
            if (c != null) {
                shutdown(ctx, s, c);
                ctx.reply(to, new StreamClosed(c.id));
            }
        } else if (p instanceof StreamClose cl) {
            close(ctx, s, to, cl);
        } else if (p instanceof StatsQuery) {
            final TreeMap<String, Long> c = new TreeMap<>(s.counters);
            c.put("connections", (long) s.conns.size());
            c.put("listeners", (long) s.listeners.size());
            ctx.reply(to, new Stats(ctx.name(), c));
        }
        return s;
    }

    private static boolean holds(final State s, final ReplyTo to) {
        if (s.silent.contains(to)) {
            return true;
        }
        for (Listener l : s.listeners.values()) {
            if (l.accepts.contains(to)) {
                return true;
            }
        }
        for (Conn c : s.conns.values()) {
            if (c.receivers.stream().anyMatch(w -> w.to.equals(to)) || c.blocked.stream().anyMatch(b -> b.to.equals(to))) {
                return true;
            }
        }
        return false;
    }

    private void listen(final ServerContext ctx, final State s, final ReplyTo to, final StreamListen l) {
        for (Listener other : s.listeners.values()) {
            if (other.port == l.port()) {
                ctx.reply(to, new SocketError("ADDRESS_IN_USE", "port " + l.port() + " has a listener"));
                return;
            }
        }
        final Listener n = new Listener();
        n.id = s.nextId++;
        n.port = l.port();
        n.backlog = Math.max(1, l.backlog());
        s.listeners.put(n.id, n);
        ctx.reply(to, new StreamListening(n.id, n.port));
    }

    private void connect(final ServerContext ctx, final State s, final ReplyTo to, final StreamConnect c) {
        if (c.remotePort() == SILENT_PORT) {
            s.silent.add(to);
            return;
        }
        if (c.remotePort() == TIMEOUT_PORT) {
            ctx.reply(to, new SocketError("TIMED_OUT", "no answer from " + c.remote() + ":" + c.remotePort()));
            return;
        }
        final Listener l = s.listeners.values().stream().filter(x -> x.port == c.remotePort()).findFirst()
            .orElse(null);
        if (l == null || l.ready.size() >= l.backlog) {
            ctx.reply(to, new SocketError("REFUSED", c.remote() + ":" + c.remotePort() + " refused the connection"));
            return;
        }
        final Conn a = new Conn();
        final Conn b = new Conn();
        a.id = s.nextId++;
        b.id = s.nextId++;
        a.peer = b.id;
        b.peer = a.id;
        a.localPort = c.localPort() != 0 ? c.localPort() : s.nextPort++;
        a.remotePort = c.remotePort();
        b.localPort = c.remotePort();
        b.remotePort = a.localPort;
        s.conns.put(a.id, a);
        s.conns.put(b.id, b);
        l.ready.add(b.id);
        ctx.reply(to, new StreamConnected(a.id, a.localPort));
        serveAccepts(ctx, s, l);
    }

    private void serveAccepts(final ServerContext ctx, final State s, final Listener l) {
        while (!l.ready.isEmpty() && !l.accepts.isEmpty()) {
            final Conn b = s.conns.get(l.ready.remove(0));
            if (b != null) {
                ctx.reply(l.accepts.remove(0), new StreamAccepted(b.id, address, b.remotePort, b.localPort));
            }
        }
    }

    private static Conn conn(final ServerContext ctx, final State s, final ReplyTo to, final int id) {
        final Conn c = s.conns.get(id);
        if (c == null) {
            ctx.reply(to, new SocketError("BAD_SOCKET", "no connection " + id));
        }
        return c;
    }

    private void send(final ServerContext ctx, final State s, final ReplyTo to, final Conn c, final byte[] data) {
        if (c.reset) {
            ctx.reply(to, new SocketError("RESET", "connection " + c.id + " was reset"));
            return;
        }
        if (c.shut) {
            ctx.reply(to, new SocketError("CLOSED", "connection " + c.id + " is shut down for sending"));
            return;
        }
        final Conn peer = s.conns.get(c.peer);
        if (peer == null) {
            c.reset = true;
            ctx.reply(to, new SocketError("RESET", "connection " + c.id + ": the peer has closed"));
            return;
        }
        c.blocked.add(new Blocked(to, data));
        flush(ctx, s, c, peer);
    }

    /** Moves blocked sends of {@code c} into its peer's buffer while there is room. */
    private void flush(final ServerContext ctx, final State s, final Conn c, final Conn peer) {
        boolean moved = false;
        while (!c.blocked.isEmpty() && peer.buffer.length < BUFFER) {
            final Blocked b = c.blocked.remove(0);
            final byte[] n = Arrays.copyOf(peer.buffer, peer.buffer.length + b.data.length);
            System.arraycopy(b.data, 0, n, peer.buffer.length, b.data.length);
            peer.buffer = n;
            ctx.reply(b.to, new StreamSent(b.data.length));
            moved = true;
        }
        if (moved) {
            serveReceives(ctx, s, peer);
        }
    }

    private void serveReceives(final ServerContext ctx, final State s, final Conn c) {
        while (!c.receivers.isEmpty()) {
            if (c.reset) {
                ctx.reply(c.receivers.remove(0).to, new SocketError("RESET", "connection " + c.id + " was reset"));
            } else if (c.buffer.length > 0) {
                final Wait w = c.receivers.remove(0);
                final int n = Math.min(w.max, c.buffer.length);
                ctx.reply(w.to, new StreamData(Arrays.copyOf(c.buffer, n), false));
                c.buffer = Arrays.copyOfRange(c.buffer, n, c.buffer.length);
                final Conn peer = s.conns.get(c.peer);
                if (peer != null) {
                    flush(ctx, s, peer, c);
                }
            } else if (c.eof) {
                ctx.reply(c.receivers.remove(0).to, new StreamData(new byte[0], true));
            } else {
                return;
            }
        }
    }

    private void shutdown(final ServerContext ctx, final State s, final Conn c) {
        c.shut = true;
        final Conn peer = s.conns.get(c.peer);
        if (peer != null) {
            peer.eof = true;
            serveReceives(ctx, s, peer);
        }
    }

    private void close(final ServerContext ctx, final State s, final ReplyTo to, final StreamClose cl) {
        final Listener l = s.listeners.remove(cl.id());
        if (l != null) {
            for (ReplyTo a : l.accepts) {
                ctx.reply(a, new SocketError("CLOSED", "listener " + l.id + " was closed"));
            }
            ctx.reply(to, new StreamClosed(cl.id()));
            return;
        }
        final Conn c = s.conns.remove(cl.id());
        if (c == null) {
            ctx.reply(to, new SocketError("BAD_SOCKET", "no connection or listener " + cl.id()));
            return;
        }
        for (Wait w : c.receivers) {
            ctx.reply(w.to, new SocketError("CLOSED", "connection " + c.id + " was closed"));
        }
        for (Blocked b : c.blocked) {
            ctx.reply(b.to, new SocketError("CLOSED", "connection " + c.id + " was closed"));
        }
        final Conn peer = s.conns.get(c.peer);
        if (peer != null) {
            if (cl.abort()) {
                peer.reset = true;
                for (Blocked b : peer.blocked) {
                    ctx.reply(b.to, new SocketError("RESET", "connection " + peer.id + " was reset by the peer"));
                }
                peer.blocked.clear();
            } else {
                peer.eof = true;
            }
            serveReceives(ctx, s, peer);
        }
        ctx.reply(to, new StreamClosed(cl.id()));
    }

    private static void count(final State s, final String name) {
        s.counters.merge(name, 1L, Long::sum);
    }
}
