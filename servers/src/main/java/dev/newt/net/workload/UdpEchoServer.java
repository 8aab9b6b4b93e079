package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;

/** An application that echoes every datagram it receives on a port back to its sender. */
public final class UdpEchoServer implements Server<UdpEchoServer.State> {
    private final String sock;
    private final int port;

    /** Checkpointed state. */
    public static final class State {
        int socketId = -1;
        long bindCall;
        long receiveCall;
        long echoed;
    }

    /**
     * @param sock the host's sock server
     * @param port the port to serve
     */
    public UdpEchoServer(final String sock, final int port) {
        this.sock = sock;
        this.port = port;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (s.socketId < 0) {
            s.bindCall = ctx.request(sock, new DgramBind(port)).orElse(0);
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (m.kind() != Kind.REPLY) {
            return s;
        }
        final Object p = m.payload();
        if (m.correlationId() == s.bindCall && p instanceof DgramBound b) {
            s.socketId = b.socketId();
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
        } else if (m.correlationId() == s.receiveCall) {
            if (p instanceof Datagram d) {
                ctx.request(sock, new DgramSendTo(s.socketId, d.source(), d.sourcePort(), d.data()));
                s.echoed++;
            }
            s.receiveCall = ctx.request(sock, new DgramReceive(s.socketId)).orElse(0);
        }
        return s;
    }
}
