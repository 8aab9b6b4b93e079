package dev.newt.net.msg;

/**
 * Reply to {@link RingWait}: look at the ring again (the rings also say the end of stream and errors).
 *
 * @param connectionId the connection
 */
public record RingReady(int connectionId) {
}
