package dev.newt.net.sock;

import dev.newt.core.server.ReplyTo;

/**
 * A connection whose bytes go through exposed rings, in sock's checkpointed state; a plain object
 * with public fields for Jackson. It holds the rings' id and positions, never their bytes: the
 * rings live outside sock (see {@code dev.newt.net.ring.SocketRings}).
 */
public final class RingHandle {
    /** tcp's id of the connection. */
    public int id;
    /** The rings' id. */
    public long ringsId;
    /** Send ring: bytes tcp has taken; the ring is released up to here. */
    public long sendAcked;
    /** Send ring: end of the bytes handed to tcp and not yet taken ({@link #sendAcked} when none). */
    public long sendEnd;
    /** Correlation id of the send (or shutdown or close) at tcp, or 0. */
    public long sendAtTcp;
    /** Receive ring: bytes sock has put in it (its tail). */
    public long received;
    /** Correlation id of the receive at tcp, or 0. */
    public long receiveAtTcp;
    /** Whether the peer's end of stream is in the receive ring. */
    public boolean eof;
    /** The error that ended the connection, as {@code CODE: message}, or null. */
    public String error;
    /** The application waiting for room in the send ring, or null. */
    public ReplyTo sendWait;
    /** The application waiting for bytes in the receive ring, or null. */
    public ReplyTo receiveWait;
    /** The finish asked for: its requester, or null. */
    public ReplyTo finishApp;
    /** The finish's end of the send ring. */
    public long finishEnd;
    /** Whether the finish is a close (else a shutdown of output). */
    public boolean finishClose;

    /** For Jackson. */
    public RingHandle() {
    }

    /**
     * @param id        the connection
     * @param ringsId   the rings
     * @param sendHead  the send ring's head now
     * @param received  the receive ring's tail now
     */
    public RingHandle(final int id, final long ringsId, final long sendHead, final long received) {
        this.id = id;
        this.ringsId = ringsId;
        this.sendAcked = sendHead;
        this.sendEnd = sendHead;
        this.received = received;
    }

    /** @return {@code "ring connection 3 (rings 7)"} */
    public String describe() {
        return "ring connection " + id + " (rings " + ringsId + ")";
    }
}
