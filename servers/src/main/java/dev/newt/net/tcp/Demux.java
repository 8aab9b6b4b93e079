package dev.newt.net.tcp;

import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamAccepted;
import java.util.Map;

/**
 * Finding a connection for a segment by its 4-tuple, or a listener by its port; allocating
 * ephemeral ports; and the bookkeeping of connections entering and leaving the tables. The tables
 * live in the {@link TcpServer.State}; the local address is always the host's one.
 */
final class Demux {
    /** First port of the ephemeral range (RFC 6335). */
    static final int FIRST_EPHEMERAL = 49152;
    /** Last port of the ephemeral range. */
    static final int LAST_EPHEMERAL = 65535;

    private Demux() {
    }

    /** @return the key of a 4-tuple in {@link TcpServer.State#tuples} */
    static long key(final int localPort, final int remoteAddress, final int remotePort) {
        return ((remoteAddress & 0xFFFF_FFFFL) << 32) | ((long) remotePort << 16) | localPort;
    }

    /** @return the connection of a 4-tuple, or null */
    static Connection find(final TcpServer.State s, final int localPort, final int remoteAddress,
                           final int remotePort) {
        final Integer id = s.tuples.get(key(localPort, remoteAddress, remotePort));
        return id == null ? null : s.connections.get(id);
    }

    /** @return the listener on a port, or null */
    static Listener listener(final TcpServer.State s, final int port) {
        final Integer id = s.ports.get(port);
        return id == null ? null : s.listeners.get(id);
    }

    /** @return whether a local port is in use by a listener or by any live connection */
    static boolean portInUse(final TcpServer.State s, final int port) {
        if (s.ports.containsKey(port)) {
            return true;
        }
        for (long k : s.tuples.keySet()) {
            if ((k & 0xFFFF) == port) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param owned whether a port would file the connection in this replica of the host's stack
     *              (always, for a host of one replica)
     * @return a free ephemeral port it owns, or -1 if all are in use
     */
    static int ephemeral(final TcpServer.State s, final java.util.function.IntPredicate owned) {
        final int n = LAST_EPHEMERAL - FIRST_EPHEMERAL + 1;
        for (int i = 0; i < n; i++) {
            final int port = FIRST_EPHEMERAL + (s.nextEphemeral - FIRST_EPHEMERAL + i) % n;
            if (owned.test(port) && !portInUse(s, port)) {
                s.nextEphemeral = port == LAST_EPHEMERAL ? FIRST_EPHEMERAL : port + 1;
                return port;
            }
        }
        return -1;
    }

    /** Files a new connection under its id and 4-tuple. */
    static void add(final TcpIo io, final Connection c) {
        final TcpServer.State s = io.state();
        io.changed(c);
        s.connections.put(c.id, c);
        s.tuples.put(key(c.localPort, c.remoteAddress, c.remotePort), c.id);
    }

    /**
     * The connection reached CLOSED (orderly, reset, refused or timed out): its timers stop and its
     * 4-tuple is free again. It stays, for the user's later calls to find it closed, unless nobody
     * holds it: then it goes.
     *
     * @param io the message's context
     * @param c  the connection
     */
    static void closed(final TcpIo io, final Connection c) {
        if (c.state != TcpState.CLOSED && c.error == null) {
            io.count("connections.closed");
        }
        io.changed(c);
        c.state = TcpState.CLOSED;
        c.stopTimers();
        final TcpServer.State s = io.state();
        s.tuples.remove(key(c.localPort, c.remoteAddress, c.remotePort), c.id);
        if (c.released || !c.accepted) {
            remove(io, c);
        }
    }

    /** Forgets a connection altogether, failing whatever still waits on it. */
    static void remove(final TcpIo io, final Connection c) {
        io.changed(c);
        c.failCalls(io, "CLOSED", "connection " + c.describe() + " is closed");
        c.stopTimers();
        final TcpServer.State s = io.state();
        s.connections.remove(c.id);
        s.tuples.remove(key(c.localPort, c.remoteAddress, c.remotePort), c.id);
        if (c.listenerId >= 0 && !c.accepted) {
            final Listener l = s.listeners.get(c.listenerId);
            if (l != null) {
                l.ready.remove(Integer.valueOf(c.id));
            }
        }
    }

    /** @return connections of a listener not yet accepted: in SYN_RECEIVED or ready */
    static int pending(final TcpServer.State s, final Listener l) {
        int n = 0;
        for (Map.Entry<Integer, Connection> e : s.connections.entrySet()) {
            final Connection c = e.getValue();
            if (c.listenerId == l.id && !c.accepted) {
                n++;
            }
        }
        return n;
    }

    /** Hands ready connections to waiting accepts, oldest first. */
    static void serveAccepts(final TcpIo io, final Listener l) {
        while (!l.ready.isEmpty() && !l.accepts.isEmpty()) {
            final Connection c = io.state().connections.get(l.ready.remove(0));
            if (c == null) {
                continue;
            }
            io.changed(c);
            c.accepted = true;
            io.reply(l.accepts.remove(0), new StreamAccepted(c.id, c.remote(), c.remotePort, c.localPort));
        }
    }

    /**
     * Closes a listener: waiting accepts fail {@code CLOSED}, connections not yet accepted are
     * reset, and the port is free again.
     *
     * @param io the message's context
     * @param l  the listener
     */
    static void closeListener(final TcpIo io, final Listener l) {
        final TcpServer.State s = io.state();
        for (var call : l.accepts) {
            io.reply(call, new SocketError("CLOSED", "listener " + l.id + " on port " + l.port + " is closed"));
        }
        l.accepts.clear();
        for (Connection c : s.connections.values().toArray(new Connection[0])) {
            if (c.listenerId == l.id && !c.accepted) {
                Rst.abortConnection(io, c);
                remove(io, c);
            }
        }
        s.listeners.remove(l.id);
        s.ports.remove(l.port, l.id);
    }
}
