package dev.newt.net.tcp;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.ReplyTo;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamClosed;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import dev.newt.net.nic.FlowHash;
import dev.newt.net.wire.Ipv4Address;
import java.util.function.IntPredicate;

/**
 * The user's calls (RFC 9293 3.10.1 to 3.10.5), as the {@code Stream*} requests of the ABI. A call
 * that cannot be answered yet (accept, connect, a receive without data, a send without buffer
 * space) keeps its {@link ReplyTo} in the state and is answered when it can be.
 *
 * <p>Resubmissions: when tcp restarts, every call waiting in its state was taken by the dead
 * incarnation, and its requester sends it again with the same correlation id. A call that still
 * waits is recognised by its reply address; one the restored incarnation answered before the
 * resubmission arrived is recognised from {@link TcpServer.State#resubmittable}. Either way the
 * resubmission is dropped (counted {@code duplicate-request}), so no send is buffered twice and no
 * receive answered twice. The call a dead incarnation crashed on is in neither, and is taken.
 * (The runtime also drops a request whose sender no longer waits for it, which covers the second
 * case when the answer reached the requester first; the state here covers it whatever the order.)
 */
final class Calls {
    private Calls() {
    }

    /** How long a resubmission of a call answered by a restored incarnation is watched for. */
    static final long RESUBMISSION_WINDOW_NANOS = 60_000_000_000L;

    /**
     * @param s    the state
     * @param call a request's reply address
     * @return whether that request already waits in the state (so this one is a resubmission)
     */
    static boolean held(final TcpServer.State s, final ReplyTo call) {
        for (Connection c : s.connections.values()) {
            if (c.holds(call)) {
                return true;
            }
        }
        for (Listener l : s.listeners.values()) {
            if (l.accepts.contains(call)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #held(TcpServer.State, ReplyTo)} without walking every connection: a send or receive
     * waits only in the connection it names and an accept only in its listener, so only those are
     * looked at (a walk of every connection per call made each call cost what exists: under short
     * connections, hundreds in TIME_WAIT). A connect or listen still walks.
     *
     * @param s       the state
     * @param call    a request's reply address
     * @param request the request
     * @return whether that request already waits in the state
     */
    static boolean held(final TcpServer.State s, final ReplyTo call, final Object request) {
        final int connection;
        if (request instanceof StreamSend r) {
            connection = r.connectionId();
        } else if (request instanceof StreamReceive r) {
            connection = r.connectionId();
        } else if (request instanceof StreamShutdown r) {
            connection = r.connectionId();
        } else if (request instanceof StreamClose r) {
            connection = r.id();
        } else if (request instanceof StreamAccept r) {
            final Listener l = s.listeners.get(r.listenerId());
            return l != null && l.accepts.contains(call);
        } else {
            return held(s, call);
        }
        final Connection c = s.connections.get(connection);
        return c != null && c.holds(call);
    }

    /** @return the key of a call in {@link TcpServer.State#resubmittable} */
    static String key(final ReplyTo call) {
        return call.requester() + "#" + call.correlationId();
    }

    /**
     * A restored incarnation starts: every call waiting in the state was taken by a dead
     * incarnation, so its requester will resubmit it. Such a resubmission may arrive after the
     * restored tcp already answered the call (data came first); remembering the calls lets it be
     * recognised then too, rather than taken as a new call (a second send of the same bytes).
     *
     * @param s   the state
     * @param now the clock
     */
    static void restored(final TcpServer.State s, final long now) {
        prune(s, now);
        for (Connection c : s.connections.values()) {
            if (c.connectCall != null) {
                s.resubmittable.put(key(c.connectCall), now);
            }
            c.receives.forEach(r -> s.resubmittable.put(key(r.call), now));
            c.sends.forEach(p -> s.resubmittable.put(key(p.call), now));
        }
        for (Listener l : s.listeners.values()) {
            l.accepts.forEach(a -> s.resubmittable.put(key(a), now));
        }
    }

    /** Forgets resubmissions that never came (their requester died too). */
    private static void prune(final TcpServer.State s, final long now) {
        s.resubmittable.values().removeIf(t -> now - t > RESUBMISSION_WINDOW_NANOS);
    }

    /** @return whether {@code call} is a resubmission: still waiting, or answered since a restart */
    private static boolean resubmission(final TcpIo io, final ReplyTo call, final Object request) {
        final TcpServer.State s = io.state();
        if (s.resubmittable.isEmpty()) {
            return held(s, call, request);
        }
        prune(s, io.now());
        final boolean remembered = s.resubmittable.remove(key(call)) != null;
        if (held(s, call, request)) {
            return true;
        }
        if (remembered) {
            io.count("duplicate-request.answered");
        }
        return remembered;
    }

    /**
     * Handles a request if it is a stream call.
     *
     * @param io the message's context
     * @param m  the request
     * @return whether it was one
     */
    static boolean handle(final TcpIo io, final Envelope m) {
        final Object p = m.payload();
        final boolean stream = p instanceof StreamListen || p instanceof StreamAccept || p instanceof StreamConnect
            || p instanceof StreamSend || p instanceof StreamReceive || p instanceof StreamShutdown
            || p instanceof StreamClose;
        if (!stream) {
            return false;
        }
        final ReplyTo call = io.ctx().replyTo(m);
        if (resubmission(io, call, p)) {
            io.count("duplicate-request");
            return true;
        }
        if (p instanceof StreamListen r) {
            listen(io, call, r);
        } else if (p instanceof StreamAccept r) {
            accept(io, call, r);
        } else if (p instanceof StreamConnect r) {
            connect(io, call, r);
        } else if (p instanceof StreamSend r) {
            send(io, call, r);
        } else if (p instanceof StreamReceive r) {
            receive(io, call, r);
        } else if (p instanceof StreamShutdown r) {
            shutdown(io, call, r);
        } else {
            close(io, call, (StreamClose) p);
        }
        return true;
    }

    private static void listen(final TcpIo io, final ReplyTo call, final StreamListen r) {
        final TcpServer.State s = io.state();
        if (r.port() < 1 || r.port() > 0xFFFF) {
            io.fail(call, "INVALID_ARGUMENT", "port " + r.port() + " is not 1..65535");
            return;
        }
        if (s.ports.containsKey(r.port())) {
            io.fail(call, "ADDRESS_IN_USE", "TCP port " + r.port() + " on " + io.host().name() + " has a listener");
            return;
        }
        final Listener l = new Listener(s.nextId++, r.port(), r.backlog());
        s.listeners.put(l.id, l);
        s.ports.put(l.port, l.id);
        io.count("listens");
        io.reply(call, new StreamListening(l.id, l.port));
    }

    private static void accept(final TcpIo io, final ReplyTo call, final StreamAccept r) {
        final Listener l = io.state().listeners.get(r.listenerId());
        if (l == null) {
            io.fail(call, "BAD_SOCKET", "no listener " + r.listenerId());
            return;
        }
        l.accepts.add(call);
        Demux.serveAccepts(io, l);
    }

    private static void connect(final TcpIo io, final ReplyTo call, final StreamConnect r) {
        final TcpServer.State s = io.state();
        final Ipv4Address remote = r.remote();
        if (remote == null || remote.equals(Ipv4Address.ANY) || remote.isLimitedBroadcast() || remote.isMulticast()
            || r.remotePort() < 1 || r.remotePort() > 0xFFFF || r.localPort() < 0 || r.localPort() > 0xFFFF) {
            io.fail(call, "INVALID_ARGUMENT", "cannot connect to " + remote + ":" + r.remotePort() + " from port "
                + r.localPort());
            return;
        }
        // With replicas of the stack, the nic sends a segment to the replica its 4-tuple hashes to:
        // a connection lives in the replica that opens it only on a port that hashes back to it.
        final HostConfig host = io.host();
        final IntPredicate owned = p -> host.replicas() == 1 || FlowHash.replica(host.address().bits(), p,
            remote.bits(), r.remotePort(), host.replicas()) == host.replica();
        if (r.localPort() != 0 && !owned.test(r.localPort())) {
            io.fail(call, "INVALID_ARGUMENT", "local TCP port " + r.localPort() + " to " + remote + ":"
                + r.remotePort() + " hashes to another replica of " + host.name() + "'s stack than " + host.replica()
                + "; use an ephemeral port");
            return;
        }
        final int port = r.localPort() == 0 ? Demux.ephemeral(s, owned) : r.localPort();
        if (port < 0 || (r.localPort() != 0 && (s.ports.containsKey(port)
            || Demux.find(s, port, remote.bits(), r.remotePort()) != null))) {
            io.fail(call, "ADDRESS_IN_USE", "local TCP port " + (port < 0 ? "(ephemeral)" : port) + " to " + remote
                + ":" + r.remotePort() + " is in use");
            return;
        }
        final TcpConfig config = io.config();
        final Connection c = new Connection();
        c.id = s.nextId++;
        c.state = TcpState.SYN_SENT;
        c.localPort = port;
        c.remoteAddress = remote.bits();
        c.remotePort = r.remotePort();
        c.activeOpen = true;
        c.snd.init(io.newIsn(), config);
        c.rcv.prepare(config.receiveBuffer(), config.windowShift(), config.mss());
        c.connectCall = call;
        Demux.add(io, c);
        io.count("connections.active-opens");
        c.snd.output(io, c);
    }

    /** @return the user's connection of that id, or null after answering {@code BAD_SOCKET} */
    private static Connection connection(final TcpIo io, final ReplyTo call, final int id) {
        final Connection c = io.state().connections.get(id);
        if (c != null) {
            io.changed(c);
        }
        if (c == null || c.released || !c.accepted && c.connectCall == null) {
            io.fail(call, "BAD_SOCKET", "no connection " + id);
            return null;
        }
        return c;
    }

    private static void send(final TcpIo io, final ReplyTo call, final StreamSend r) {
        final Connection c = connection(io, call, r.connectionId());
        if (c == null) {
            return;
        }
        if (c.error != null) {
            io.fail(call, c.error, "connection " + c.describe() + " failed: " + c.error);
            return;
        }
        if (!c.state.acceptsSends() || c.snd.finQueued || c.finAfterSends) {
            io.fail(call, "CLOSED", "connection " + c.describe() + " is shut down for sending");
            return;
        }
        final byte[] data = r.data() == null ? new byte[0] : r.data();
        if (!c.sends.isEmpty()) {
            c.sends.add(new PendingSend(call, data, 0));
            return;
        }
        final int n = Math.min(c.snd.free(), data.length);
        c.snd.buffer.append(data, 0, n);
        if (n == data.length) {
            io.reply(call, new StreamSent(n));
        } else {
            c.sends.add(new PendingSend(call, data, n));
        }
        c.snd.output(io, c);
    }

    private static void receive(final TcpIo io, final ReplyTo call, final StreamReceive r) {
        final Connection c = connection(io, call, r.connectionId());
        if (c == null) {
            return;
        }
        if (r.max() < 1) {
            io.fail(call, "INVALID_ARGUMENT", "receive of " + r.max() + " bytes");
            return;
        }
        if (c.error != null) {
            io.fail(call, c.error, "connection " + c.describe() + " failed: " + c.error);
            return;
        }
        c.receives.add(new PendingReceive(call, r.max()));
        c.serveReceives(io);
    }

    private static void shutdown(final TcpIo io, final ReplyTo call, final StreamShutdown r) {
        final Connection c = connection(io, call, r.connectionId());
        if (c == null) {
            return;
        }
        if (c.error != null) {
            io.fail(call, c.error, "connection " + c.describe() + " failed: " + c.error);
            return;
        }
        if (c.state.acceptsSends()) {
            c.shutdownSending(io);
        }
        io.reply(call, new StreamClosed(r.connectionId()));
    }

    private static void close(final TcpIo io, final ReplyTo call, final StreamClose r) {
        final TcpServer.State s = io.state();
        final Listener l = s.listeners.get(r.id());
        if (l != null) {
            Demux.closeListener(io, l);
            io.reply(call, new StreamClosed(r.id()));
            return;
        }
        final Connection c = connection(io, call, r.id());
        if (c == null) {
            return;
        }
        c.released = true;
        if (c.state == TcpState.CLOSED) {
            Demux.remove(io, c);
        } else if (r.abort()) {
            io.count("connections.aborted");
            Rst.abortConnection(io, c);
            Demux.remove(io, c);
        } else if (c.state == TcpState.SYN_SENT) {
            Demux.remove(io, c); // RFC 9293 3.10.4: nobody knows of it yet
        } else {
            c.failCalls(io, "CLOSED", "connection " + c.describe() + " was closed");
            c.rcv.buffer.clear();
            c.shutdownSending(io);
        }
        io.reply(call, new StreamClosed(r.id()));
    }
}
