package dev.newt.net.tcp;

import dev.newt.core.server.ReplyTo;

/**
 * A send waiting for space in the send buffer: the request's answer goes out once all its bytes are
 * in the buffer. A plain object with public fields for Jackson.
 */
public final class PendingSend {
    /** Where the answer goes. */
    public ReplyTo call;
    /** The bytes of the request (never changed). */
    public byte[] data;
    /** How many of them are already in the buffer. */
    public int taken;

    /** For Jackson. */
    public PendingSend() {
    }

    /**
     * @param call  where the answer goes
     * @param data  the bytes
     * @param taken how many are already in the buffer
     */
    public PendingSend(final ReplyTo call, final byte[] data, final int taken) {
        this.call = call;
        this.data = data;
        this.taken = taken;
    }
}
