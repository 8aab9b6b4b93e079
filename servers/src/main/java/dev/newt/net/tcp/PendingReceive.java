package dev.newt.net.tcp;

import dev.newt.core.server.ReplyTo;

/** A receive waiting for data or the end of the stream. A plain object with public fields for Jackson. */
public final class PendingReceive {
    /** Where the answer goes. */
    public ReplyTo call;
    /** Most bytes wanted. */
    public int max;

    /** For Jackson. */
    public PendingReceive() {
    }

    /** @param call where the answer goes @param max most bytes wanted */
    public PendingReceive(final ReplyTo call, final int max) {
        this.call = call;
        this.max = max;
    }
}
