package dev.newt.net.tcp;

import java.util.ArrayList;

/**
 * A tcp restored from a checkpoint older than its last message (recovery {@code checkpoint}
 * without replay, checkpoints every N messages) has lost what those messages did: segments it
 * acknowledged (the peer will not send them again), bytes it accepted from the application, ACKs
 * that freed its send buffer. A connection restored so would stall or skip bytes silently; tcp
 * cannot tell which connections the lost messages touched, so it resets every connection that is
 * not over: the peer gets a RST, and the calls waiting on it and every later one fail with
 * {@code RESET}, which the applications see. Listeners stay (a handshake they lost is answered by
 * a RST when its ACK comes); TIME_WAIT and CLOSED connections have nothing left to lose.
 */
final class StaleRestore {
    private StaleRestore() {
    }

    /**
     * Resets the connections a stale restore cannot resume.
     *
     * @param io   the incarnation's context, in {@code onStart}
     * @param lost messages the restored state lacks ({@code ServerContext.messagesLost()}), more than 0
     */
    static void resetConnections(final TcpIo io, final long lost) {
        io.count("restore.stale");
        io.count("restore.messages-lost", lost);
        for (Connection c : new ArrayList<>(io.state().connections.values())) {
            if (c.state == TcpState.TIME_WAIT || c.state == TcpState.CLOSED) {
                continue;
            }
            Rst.abortConnection(io, c);
            c.abort(io, "RESET", "connection " + c.describe() + " reset: tcp was restored from a checkpoint "
                + lost + " messages old");
        }
    }
}
