package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

/**
 * Application request to sock: the next datagram for the socket. Answered, when one arrives, with
 * {@link Datagram}, or with {@link SocketError} if the socket closes.
 *
 * <p>Long-lived by design ({@link LongLived}: no request deadline): it waits for a datagram from the network.
 *
 * @param socketId the socket
 */
public record DgramReceive(int socketId) implements LongLived {
}
