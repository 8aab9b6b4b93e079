package dev.newt.net.sock;

import dev.newt.core.server.ReplyTo;

/**
 * A bind waiting for udp's answer, in sock's checkpointed state under the correlation id of the
 * {@code UdpOpen} request it made; a plain object with public fields for Jackson.
 */
public final class PendingBind {
    /** Where the application waits for its answer. */
    public ReplyTo app;
    /** The port asked for, 0 for any. */
    public int requestedPort;

    /** For Jackson. */
    public PendingBind() {
    }

    /**
     * @param app           where to answer
     * @param requestedPort the port asked for, 0 for any
     */
    public PendingBind(final ReplyTo app, final int requestedPort) {
        this.app = app;
        this.requestedPort = requestedPort;
    }
}
