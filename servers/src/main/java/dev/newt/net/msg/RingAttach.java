package dev.newt.net.msg;

/**
 * Request: from now on the connection's bytes go through the exposed rings registered under
 * {@code ringsId} ({@code dev.newt.net.ring.SocketRings}) instead of {@link StreamSend} and
 * {@link StreamReceive}. Answered with {@link RingAttached}, or {@link SocketError}
 * ({@code BAD_SOCKET}, {@code INVALID_ARGUMENT} when no rings have that id).
 *
 * @param connectionId the connection, which the requester owns
 * @param ringsId      the rings' id
 */
public record RingAttach(int connectionId, long ringsId) {
}
