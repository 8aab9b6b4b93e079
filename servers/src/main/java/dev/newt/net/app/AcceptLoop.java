package dev.newt.net.app;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.ServerContext;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import java.time.Duration;

/**
 * Listening and accepting for a stream server: one accept always waits at sock; a listener that
 * fails (a tcp that lost it answers an accept with an error, or the listen is refused) is closed
 * and asked for again after {@link #RELISTEN}, so the server serves again once tcp can.
 */
final class AcceptLoop {
    /** Wait before listening again. */
    static final Duration RELISTEN = Duration.ofMillis(10);

    /** The timer that listens again. */
    record Relisten() {
    }

    private final String sock;
    private final int port;
    private final int backlog;

    /**
     * @param sock    the host's sock server
     * @param port    the port to listen on
     * @param backlog most connections established and not yet accepted
     */
    AcceptLoop(final String sock, final int port, final int backlog) {
        this.sock = sock;
        this.port = port;
        this.backlog = backlog;
    }

    /** Listens unless a listener or a listen is there; call from {@code onStart} and on {@link Relisten}. */
    void listen(final ServerContext ctx, final ListenerState l) {
        if (l.listenerId < 0 && l.listenCall == 0) {
            l.listenCall = ctx.request(sock, new StreamListen(port, backlog)).orElse(0);
        }
    }

    /**
     * @param m a reply
     * @return whether it answers the listen or the accept
     */
    boolean owns(final ListenerState l, final Envelope m) {
        return m.kind() == Envelope.Kind.REPLY && m.correlationId() != 0
            && (m.correlationId() == l.listenCall || m.correlationId() == l.acceptCall);
    }

    /**
     * Handles the answer to the listen or the accept.
     *
     * @return the connection accepted, or null
     */
    StreamAccepted onReply(final ServerContext ctx, final ListenerState l, final Envelope m) {
        final Object p = m.payload();
        if (m.correlationId() == l.listenCall) {
            l.listenCall = 0;
            if (p instanceof StreamListening listening) {
                l.listenerId = listening.listenerId();
                accept(ctx, l);
            } else {
                l.relistens++;
                ctx.setTimer(RELISTEN, new Relisten());
            }
            return null;
        }
        l.acceptCall = 0;
        if (p instanceof StreamAccepted a) {
            l.accepted++;
            accept(ctx, l);
            return a;
        }
        ctx.request(sock, new StreamClose(l.listenerId, false));
        l.listenerId = -1;
        l.relistens++;
        ctx.setTimer(RELISTEN, new Relisten());
        return null;
    }

    private void accept(final ServerContext ctx, final ListenerState l) {
        l.acceptCall = ctx.request(sock, new StreamAccept(l.listenerId)).orElse(0);
    }
}
