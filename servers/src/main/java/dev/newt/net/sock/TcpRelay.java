package dev.newt.net.sock;

import dev.newt.core.server.ReplyTo;

/**
 * A request sock relayed to tcp and has no answer to yet, in sock's checkpointed state under the
 * correlation id of sock's request to tcp; a plain object with public fields for Jackson. It holds
 * what the answer needs: where the application waits, and for a listen or connect what the new
 * handle is.
 */
public final class TcpRelay {
    /** Where the application waits for the answer. */
    public ReplyTo app;
    /** What was asked. */
    public StreamOp op;
    /** The connection or listener it concerns; 0 for a listen or connect. */
    public int id;
    /** {@link StreamOp#CONNECT}: the peer's address bits; {@link StreamOp#LISTEN}: 0. */
    public int remote;
    /** {@link StreamOp#CONNECT}: the peer's port; {@link StreamOp#LISTEN}: the port to listen on. */
    public int port;

    /** For Jackson. */
    public TcpRelay() {
    }

    /**
     * @param app    where to answer
     * @param op     what was asked
     * @param id     the connection or listener, or 0
     * @param remote peer address bits, or 0
     * @param port   peer port (connect) or local port (listen), or 0
     */
    public TcpRelay(final ReplyTo app, final StreamOp op, final int id, final int remote, final int port) {
        this.app = app;
        this.op = op;
        this.id = id;
        this.remote = remote;
        this.port = port;
    }
}
