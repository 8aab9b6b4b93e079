package dev.newt.example.kv.udp;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.example.kv.api.Get;
import dev.newt.example.kv.api.Put;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client side: takes the workload's {@code Put} and {@code Get} requests by messages and sends
 * each as a datagram, through its host's socket server, to a {@link KvUdpFront} on another host;
 * each answering datagram becomes the reply. A datagram lost on the way is an unanswered request,
 * which the workload counts as lost.
 */
public final class KvUdpProxy implements Server<KvUdpProxy.State> {
    /** The state. */
    public static final class State {
        /** The socket; -1 until bound. */
        public int socketId = -1;
        /** Correlation id of the bind. */
        public long bindCall;
        /** Correlation id of the receive in progress. */
        public long receiveCall;
        /** The next request id. */
        public long nextId = 1;
        /** Whom to answer, by request id. */
        public Map<Long, ReplyTo> waiting = new TreeMap<>();
        /** Frames to send once bound. */
        public List<byte[]> unsent = new ArrayList<>();
    }

    private final String sock;
    private final Ipv4Address server;
    private final int port;

    /**
     * @param sock   this host's socket server, such as {@code a.sock}
     * @param server the front's host address, such as {@code 10.0.0.2}
     * @param port   the front's UDP port
     */
    public KvUdpProxy(final String sock, final String server, final int port) {
        this.sock = sock;
        this.server = Ipv4Address.parse(server);
        this.port = port;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (s.socketId < 0) {
            s.bindCall = ctx.request(sock, new DgramBind(0)).orElse(0);
        } else {
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (m.isRequest() && (p instanceof Put || p instanceof Get)) {
            final long id = s.nextId++;
            s.waiting.put(id, ctx.replyTo(m));
            send(ctx, s, KvFrames.encode(id, p));
        } else if (m.kind() == Envelope.Kind.REPLY && m.correlationId() == s.bindCall && p instanceof DgramBound b) {
            s.socketId = b.socketId();
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
            s.unsent.forEach(frame -> send(ctx, s, frame));
            s.unsent.clear();
        } else if (m.kind() == Envelope.Kind.REPLY && m.correlationId() == s.receiveCall) {
            if (p instanceof Datagram d) {
                final KvFrames.Frame f = KvFrames.decode(d.data());
                final ReplyTo to = f == null ? null : s.waiting.remove(f.id());
                if (to != null) {
                    ctx.reply(to, f.message());
                }
            }
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
        }
        return s;
    }

    private void send(final ServerContext ctx, final State s, final byte[] frame) {
        if (s.socketId < 0) {
            s.unsent.add(frame);
        } else {
            ctx.request(sock, new DgramSendTo(s.socketId, server, port, frame));
        }
    }
}
