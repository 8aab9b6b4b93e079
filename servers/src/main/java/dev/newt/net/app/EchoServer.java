package dev.newt.net.app;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.workload.ReplicaListeners;
import java.util.List;
import java.util.TreeMap;

/**
 * A stream echo server (RFC 862 over TCP): every byte received on a connection is sent back on
 * it; when the client ends its side, the server closes the connection after the last echo. Each
 * connection has one receive or one send at sock at a time, so a client that does not read is
 * not echoed faster than it reads. It listens in every replica of its host's stack
 * ({@link ReplicaListeners}); a connection is known by its key, which says its replica's sock.
 */
public final class EchoServer implements Server<EchoServer.State> {
    /** Most bytes one receive asks for. */
    public static final int RECEIVE_SIZE = 64 * 1024;

    /** Checkpointed state. */
    public static final class State {
        ReplicaListeners.State listener = new ReplicaListeners.State();
        /** Open connections: the request each has at sock, to its connection's key. */
        TreeMap<Long, Integer> calls = new TreeMap<>();
        /** Connections whose client has ended its side; closed once their last echo is sent. */
        TreeMap<Integer, Boolean> ending = new TreeMap<>();
        long bytesEchoed;
        long closed;

        /** @return bytes echoed so far */
        public long bytesEchoed() {
            return bytesEchoed;
        }

        /** @return connections accepted so far */
        public long accepted() {
            return listener.accepted();
        }

        /** @return connections the server has closed */
        public long closed() {
            return closed;
        }
    }

    private final ReplicaListeners loop;

    /**
     * @param sock the host's sock server (a host of one replica)
     * @param port the port to serve (7 is echo's)
     */
    public EchoServer(final String sock, final int port) {
        this(List.of(sock), port);
    }

    /**
     * @param socks the sock server of every replica of the host's stack, replica 0 first
     * @param port  the port to serve (7 is echo's)
     */
    public EchoServer(final List<String> socks, final int port) {
        this.loop = new ReplicaListeners(socks, port, 16);
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        loop.listen(ctx, s.listener);
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (m.payload() instanceof ReplicaListeners.Relisten) {
            loop.listen(ctx, s.listener);
        } else if (loop.owns(s.listener, m)) {
            final int key = loop.onReply(ctx, s.listener, m);
            if (key >= 0) {
                receive(ctx, s, key);
            }
        } else if (m.kind() == Envelope.Kind.REPLY && s.calls.containsKey(m.correlationId())) {
            final int conn = s.calls.remove(m.correlationId());
            final Object p = m.payload();
            if (p instanceof StreamData d) {
                if (d.eof()) {
                    s.ending.put(conn, Boolean.TRUE);
                }
                if (d.data().length > 0) {
                    s.bytesEchoed += d.data().length;
                    ctx.request(loop.sock(conn), new StreamSend(ReplicaListeners.connection(conn), d.data())).ifPresent(c -> s.calls.put(c, conn));
                } else {
                    next(ctx, s, conn);
                }
            } else if (p instanceof StreamSent) {
                next(ctx, s, conn);
            } else {
                // Reset or gone: release it at sock and forget it.
                ctx.request(loop.sock(conn), new StreamClose(ReplicaListeners.connection(conn), true));
                s.ending.remove(conn);
                s.closed++;
            }
        }
        return s;
    }

    /** After an echo (or an empty read): read more, or close if the client has ended. */
    private void next(final ServerContext ctx, final State s, final int conn) {
        if (s.ending.remove(conn) != null) {
            ctx.request(loop.sock(conn), new StreamClose(ReplicaListeners.connection(conn), false));
            s.closed++;
        } else {
            receive(ctx, s, conn);
        }
    }

    private void receive(final ServerContext ctx, final State s, final int conn) {
        ctx.request(loop.sock(conn), new StreamReceive(ReplicaListeners.connection(conn), RECEIVE_SIZE)).ifPresent(c -> s.calls.put(c, conn));
    }
}
