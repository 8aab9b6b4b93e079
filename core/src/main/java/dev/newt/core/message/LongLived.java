package dev.newt.core.message;

/**
 * Marks a request that waits by design for something outside the runtime's control, such as data
 * or a connection from the network (a blocking receive or accept), or a protocol's own
 * retransmissions (a connect, a send into a full window). Such a request gets no deadline unless
 * its requester's spec gives its kind one ({@code ServerSpec.withRequestDeadline(kind, d)}): the
 * protocol's own timers bound it, or the application's.
 */
public interface LongLived {
}
