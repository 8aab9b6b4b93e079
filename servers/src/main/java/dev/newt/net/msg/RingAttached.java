package dev.newt.net.msg;

/**
 * Reply to {@link RingAttach}.
 *
 * @param connectionId the connection
 */
public record RingAttached(int connectionId) {
}
