package dev.newt.net.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one {@link NewtSocket}'s application asked of it and what that cost in messages to and from
 * sock (a request and its answer count two, a one-way kick one), kept apart for reads, writes and
 * the rest, so that an operation knows whether it needed a message (reads hold the read lock and
 * writes the write lock while they count).
 */
final class SocketOps {
    /** Reads, writes, shutdowns and closes. */
    final AtomicLong operations = new AtomicLong();
    /** Those that needed at least one message. */
    final AtomicLong withMessage = new AtomicLong();
    /** Messages of reads. */
    final AtomicLong readMessages = new AtomicLong();
    /** Messages of writes. */
    final AtomicLong writeMessages = new AtomicLong();
    /** Messages of connecting the rings, shutting down and closing. */
    final AtomicLong otherMessages = new AtomicLong();

    /** @return every message so far */
    long messages() {
        return readMessages.get() + writeMessages.get() + otherMessages.get();
    }
}
