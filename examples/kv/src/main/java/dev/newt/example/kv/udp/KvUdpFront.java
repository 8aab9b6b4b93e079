package dev.newt.example.kv.udp;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.wire.Ipv4Address;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serves a key-value store on a UDP port of a host: binds the port through the host's socket
 * server, turns each datagram into a request to the store (by messages) and its answer into a
 * datagram back to the sender.
 */
public final class KvUdpFront implements Server<KvUdpFront.State> {
    /** Where an answer goes. */
    public static final class Client {
        /** The sender's address, as {@link Ipv4Address#bits()}. */
        public int address;
        /** The sender's port. */
        public int port;
        /** The sender's request id. */
        public long id;
    }

    /** The state. */
    public static final class State {
        /** The socket; -1 until bound. */
        public int socketId = -1;
        /** Correlation id of the bind. */
        public long bindCall;
        /** Correlation id of the receive in progress. */
        public long receiveCall;
        /** Requests to the store in flight, by their correlation id. */
        public Map<Long, Client> pending = new TreeMap<>();
    }

    private final String sock;
    private final int port;
    private final String store;

    /**
     * @param sock  the host's socket server, such as {@code b.sock}
     * @param port  the UDP port to serve on
     * @param store the key-value server
     */
    public KvUdpFront(final String sock, final int port, final String store) {
        this.sock = sock;
        this.port = port;
        this.store = store;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (s.socketId < 0) {
            s.bindCall = ctx.request(sock, new DgramBind(port)).orElse(0);
        } else {
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (m.kind() != Envelope.Kind.REPLY) {
            return s;
        }
        final Object p = m.payload();
        if (m.correlationId() == s.bindCall && p instanceof DgramBound b) {
            s.socketId = b.socketId();
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
        } else if (m.correlationId() == s.receiveCall) {
            if (p instanceof Datagram d) {
                forward(ctx, s, d);
            }
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
        } else {
            final Client c = s.pending.remove(m.correlationId());
            if (c != null) {
                ctx.request(sock, new DgramSendTo(s.socketId, new Ipv4Address(c.address), c.port,
                    KvFrames.encode(c.id, p)));
            }
        }
        return s;
    }

    private void forward(final ServerContext ctx, final State s, final Datagram d) {
        final KvFrames.Frame f = KvFrames.decode(d.data());
        if (f == null) {
            return;
        }
        final long call = ctx.request(store, f.message()).orElse(-1);
        if (call >= 0) {
            final Client c = new Client();
            c.address = d.source().bits();
            c.port = d.sourcePort();
            c.id = f.id();
            s.pending.put(call, c);
        }
    }
}
