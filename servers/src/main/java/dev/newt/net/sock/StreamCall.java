package dev.newt.net.sock;

import dev.newt.core.server.ReplyTo;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamShutdown;

/**
 * A request of a connection's send or receive lane that waits in sock's checkpointed state for its
 * turn to go to tcp; a plain object with public fields for Jackson.
 */
public final class StreamCall {
    /** Where the application waits for the answer. */
    public ReplyTo app;
    /** What was asked. */
    public StreamOp op;
    /** The connection. */
    public int id;
    /** {@link StreamOp#SEND}: the bytes, never changed. */
    public byte[] data;
    /** {@link StreamOp#RECEIVE}: most bytes wanted. */
    public int max;
    /** {@link StreamOp#SEND}: stream position of the first byte, or {@link StreamSend#UNORDERED}. */
    public long offset = StreamSend.UNORDERED;

    /** For Jackson. */
    public StreamCall() {
    }

    /**
     * @param app  where to answer
     * @param op   what was asked
     * @param id   the connection
     * @param data bytes to send, or null
     * @param max  most bytes to receive, or 0
     */
    public StreamCall(final ReplyTo app, final StreamOp op, final int id, final byte[] data, final int max) {
        this.app = app;
        this.op = op;
        this.id = id;
        this.data = data;
        this.max = max;
    }

    /** @return the request to send tcp */
    public Object toRequest() {
        switch (op) {
            case SEND:
                return new StreamSend(id, data, offset);
            case SHUTDOWN:
                return new StreamShutdown(id);
            case CLOSE:
                return new StreamClose(id, false);
            case RECEIVE:
                return new StreamReceive(id, max);
            default:
                throw new IllegalStateException(op + " does not wait in a lane");
        }
    }
}
