package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Request: the application blocks until a ring lets it go on. For the send ring: until at least
 * half of it is free (so that one wake-up lets many writes through), for the receive ring: until
 * a byte, the end of stream or an error is there. Answered with {@link RingReady} (at once if
 * that is already so), or {@link SocketError}.
 *
 * <p>Long-lived by design: it waits for the peer.
 *
 * @param connectionId the connection
 * @param send         true for the send ring, false for the receive ring
 */
public record RingWait(int connectionId, boolean send) implements LongLived {
}
