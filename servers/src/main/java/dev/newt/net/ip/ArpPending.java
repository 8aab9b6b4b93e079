package dev.newt.net.ip;

import java.util.ArrayList;

/**
 * An address being resolved and the datagrams waiting for it, part of the checkpointed state. The
 * retry timer is not state (timers die with an incarnation): {@link IpServer#onStart} re-arms it
 * from {@link #nextAttemptAt}.
 */
final class ArpPending {
    /** Tells this resolution's timers from those of an earlier one for the same address. */
    long resolution;
    /** ARP requests sent so far for this resolution. */
    int requestsSent;
    /** Runtime clock (ns) when the next retry, or the give-up, is due. */
    long nextAttemptAt;
    /** Encoded IPv4 datagrams, oldest first, to frame once the address resolves. */
    ArrayList<byte[]> queue = new ArrayList<>();

    /** For Jackson. */
    ArpPending() {
    }

    /**
     * @param resolution    id of this resolution
     * @param nextAttemptAt when the first retry is due, runtime ns
     */
    ArpPending(final long resolution, final long nextAttemptAt) {
        this.resolution = resolution;
        this.requestsSent = 1;
        this.nextAttemptAt = nextAttemptAt;
    }
}
