package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Request: the next established connection of a listener. Answered when one is there with
 * {@link StreamAccepted}, or {@link SocketError} ({@code CLOSED}) if the listener closes.
 *
 * <p>Long-lived by design ({@link LongLived}: no request deadline): it waits for a peer to connect.
 *
 * @param listenerId the listener
 */
public record StreamAccept(int listenerId) implements LongLived {
}
