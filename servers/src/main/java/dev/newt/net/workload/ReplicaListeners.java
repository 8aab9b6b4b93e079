package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Listening and accepting for a message-driven stream server in every replica of its host's stack
 * ({@code <host>.sock}, {@code <host>.sock#1}, ...): an inbound connection lands in the replica its
 * SYN hashes to, so the server must listen in all of them, as {@code NewtServerSocket} does. Each
 * replica has its own listen and its own accept always waiting at its sock; a replica whose listen
 * is refused or whose accept fails (its tcp lost the listener, restarted {@code fresh}) is closed
 * and listened again after {@link #RELISTEN}, alone: the other replicas keep accepting.
 *
 * <p>A connection accepted in replica r is known to the server by a <em>key</em>: sock's connection
 * id with r in its top byte ({@link #key}), so that ids of different replicas' socks never clash in
 * the server's maps; {@link #sock(int)} and {@link #connection(int)} give back where to send a call
 * about it and the id sock knows. In replica 0 the key is sock's id itself, so a host of one replica
 * sends exactly the messages it did before replicas.
 */
public final class ReplicaListeners {
    /** Wait before listening again after a replica's listener was lost or refused. */
    public static final Duration RELISTEN = Duration.ofMillis(10);

    /** Bits of a key that hold sock's connection id; the replica is above them. */
    private static final int ID_BITS = 24;
    private static final int ID_MASK = (1 << ID_BITS) - 1;

    /** The timer that listens again in every replica without a listener. */
    public record Relisten() {
    }

    /** One replica's listener in the checkpointed state; a plain object for Jackson. */
    public static final class Listener {
        /** The listen request at this replica's sock, or 0. */
        long listenCall;
        /** sock's id of the listener, or -1. */
        int listenerId = -1;
        /** The accept request at sock, or 0. */
        long acceptCall;
    }

    /** The listeners in a server's checkpointed state; a plain object for Jackson. */
    public static final class State {
        /** One per replica, in replica order (filled on the first listen). */
        ArrayList<Listener> replicas = new ArrayList<>();
        /** Connections accepted. */
        long accepted;
        /** Times a replica's listener was lost (an accept failed) and asked for again. */
        long relistens;
        /** Times a replica's listen was refused and asked for again. */
        long refused;

        /** @return connections accepted, in every replica */
        public long accepted() {
            return accepted;
        }

        /** @return times a replica's listener was lost and had to be asked for again */
        public long relistens() {
            return relistens;
        }

        /** @return times a replica's listen was refused and asked for again */
        public long refused() {
            return refused;
        }
    }

    private final List<String> socks;
    private final int port;
    private final int backlog;

    /**
     * @param socks   the sock server of every replica of the host's stack, replica 0 first
     * @param port    the port to listen on (the same in every replica)
     * @param backlog most connections established and not yet accepted, per replica
     */
    public ReplicaListeners(final List<String> socks, final int port, final int backlog) {
        if (socks.isEmpty() || socks.size() > 1 << (Integer.SIZE - 1 - ID_BITS)) {
            throw new IllegalArgumentException("listeners in 1.." + (1 << (Integer.SIZE - 1 - ID_BITS))
                + " replicas, not " + socks.size());
        }
        this.socks = List.copyOf(socks);
        this.port = port;
        this.backlog = backlog;
    }

    /**
     * @param host a host (any replica's configuration of it)
     * @return the sock server of each replica of its stack, replica 0 first
     */
    public static List<String> socks(final HostConfig host) {
        final List<String> out = new ArrayList<>();
        for (int r = 0; r < host.replicas(); r++) {
            out.add(host.asReplica(r).server(HostNames.SOCK));
        }
        return out;
    }

    /**
     * @param replica the replica that accepted a connection
     * @param id      sock's id of it
     * @return the server's key of it
     */
    public static int key(final int replica, final int id) {
        if (id < 0 || id > ID_MASK) {
            throw new IllegalArgumentException("a connection id of replica " + replica + " out of range: " + id);
        }
        return replica << ID_BITS | id;
    }

    /** @param key a connection's key @return sock's id of it */
    public static int connection(final int key) {
        return key & ID_MASK;
    }

    /** @param key a connection's key @return the sock server of its replica */
    public String sock(final int key) {
        return socks.get(key >>> ID_BITS);
    }

    /** Listens in every replica that has neither a listener nor a listen under way; from {@code onStart} and on {@link Relisten}. */
    public void listen(final ServerContext ctx, final State s) {
        while (s.replicas.size() < socks.size()) {
            s.replicas.add(new Listener());
        }
        for (int r = 0; r < socks.size(); r++) {
            final Listener l = s.replicas.get(r);
            if (l.listenerId < 0 && l.listenCall == 0) {
                l.listenCall = ctx.request(socks.get(r), new StreamListen(port, backlog)).orElse(0);
            }
        }
    }

    /**
     * @param m a message
     * @return whether it answers one of the replicas' listens or accepts
     */
    public boolean owns(final State s, final Envelope m) {
        return replicaOf(s, m) >= 0;
    }

    private static int replicaOf(final State s, final Envelope m) {
        if (m.kind() != Envelope.Kind.REPLY || m.correlationId() == 0) {
            return -1;
        }
        for (int r = 0; r < s.replicas.size(); r++) {
            final Listener l = s.replicas.get(r);
            if (m.correlationId() == l.listenCall || m.correlationId() == l.acceptCall) {
                return r;
            }
        }
        return -1;
    }

    /**
     * Handles the answer to a replica's listen or accept; after a connection, that replica's next
     * accept is asked for.
     *
     * @return the key of the connection accepted, or -1
     */
    public int onReply(final ServerContext ctx, final State s, final Envelope m) {
        return onReply(ctx, s, m, null);
    }

    /**
     * Handles the answer to a replica's listen or accept; a connection accepted is given to
     * {@code accepted} before that replica's next accept is asked for (so a server's first call on
     * it goes to sock first, as it did before replicas).
     *
     * @param accepted takes the key of a connection accepted; null for none
     * @return the key of the connection accepted, or -1
     */
    public int onReply(final ServerContext ctx, final State s, final Envelope m, final IntConsumer accepted) {
        final int r = replicaOf(s, m);
        if (r < 0) {
            return -1;
        }
        final Listener l = s.replicas.get(r);
        final Object p = m.payload();
        if (m.correlationId() == l.listenCall) {
            l.listenCall = 0;
            if (p instanceof StreamListening listening) {
                l.listenerId = listening.listenerId();
                accept(ctx, r, l);
            } else {
                s.refused++;
                ctx.setTimer(RELISTEN, new Relisten());
            }
            return -1;
        }
        l.acceptCall = 0;
        if (p instanceof StreamAccepted a) {
            s.accepted++;
            final int key = key(r, a.connectionId());
            if (accepted != null) {
                accepted.accept(key);
            }
            accept(ctx, r, l);
            return key;
        }
        // The listener is gone (a tcp that lost its state) or failing: listen anew in this replica, later.
        ctx.request(socks.get(r), new StreamClose(l.listenerId, false));
        l.listenerId = -1;
        s.relistens++;
        ctx.setTimer(RELISTEN, new Relisten());
        return -1;
    }

    /**
     * Closes every replica's listener (the answers are not waited for) and stops accepting: later
     * answers to the listens and accepts under way are not the listeners' any more.
     */
    public void close(final ServerContext ctx, final State s) {
        for (int r = 0; r < s.replicas.size(); r++) {
            final Listener l = s.replicas.get(r);
            if (l.listenerId >= 0) {
                ctx.request(socks.get(r), new StreamClose(l.listenerId, false));
            }
            l.listenerId = -1;
            l.listenCall = 0;
            l.acceptCall = 0;
        }
    }

    private void accept(final ServerContext ctx, final int r, final Listener l) {
        l.acceptCall = ctx.request(socks.get(r), new StreamAccept(l.listenerId)).orElse(0);
    }
}
