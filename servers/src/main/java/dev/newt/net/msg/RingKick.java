package dev.newt.net.msg;

/**
 * One-way, application to sock: a ring sock said it waits on has changed (bytes in an empty send
 * ring, room in a full receive ring). Sent only by the side that claimed the ring's idle mark, so
 * at most one per time sock went idle.
 *
 * @param connectionId the connection
 */
public record RingKick(int connectionId) {
}
