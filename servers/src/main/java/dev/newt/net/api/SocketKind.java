package dev.newt.net.api;

/** How a {@link NewtSocket} moves its bytes between the application and the host's sock. */
public enum SocketKind {
    /** Every read and write is a request to sock and its answer (the comparison). */
    PER_CALL,
    /**
     * Exposed socket buffers: reads and writes go to rings shared with sock
     * ({@link dev.newt.net.ring.SocketRings}); a message only when the application must block or
     * sock said it waits.
     */
    RING
}
