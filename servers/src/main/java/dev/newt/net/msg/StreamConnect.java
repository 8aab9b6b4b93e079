package dev.newt.net.msg;

import dev.newt.core.message.LongLived;

import dev.newt.net.wire.Ipv4Address;

/**
 * Request: open a connection (active open). Answered when established with
 * {@link StreamConnected}, or with {@link SocketError}: {@code REFUSED} (RST), {@code TIMED_OUT}.
 *
 * <p>Long-lived by design ({@link LongLived}: no request deadline): it waits for the handshake,
 * bounded by tcp's SYN retries.
 *
 * @param remote     the peer's address
 * @param remotePort the peer's port
 * @param localPort  our port, or 0 for an ephemeral one
 */
public record StreamConnect(Ipv4Address remote, int remotePort, int localPort) implements LongLived {
}
