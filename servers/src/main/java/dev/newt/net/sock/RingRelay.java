package dev.newt.net.sock;

/**
 * A request sock made to tcp for a ring connection and has no answer to yet, in sock's checkpointed
 * state under its correlation id; a plain object with public fields for Jackson.
 */
public final class RingRelay {
    /** The connection. */
    public int id;
    /** {@link StreamOp#SEND}, {@link StreamOp#RECEIVE}, {@link StreamOp#SHUTDOWN} or {@link StreamOp#CLOSE}. */
    public StreamOp op;

    /** For Jackson. */
    public RingRelay() {
    }

    /**
     * @param id the connection
     * @param op what was asked
     */
    public RingRelay(final int id, final StreamOp op) {
        this.id = id;
        this.op = op;
    }
}
