package dev.newt.net.msg;

import dev.newt.net.wire.Ipv4Address;

/**
 * Reply to {@link StreamAccept}: a new connection.
 *
 * @param connectionId  handle for the connection's other requests
 * @param remote        the peer's address
 * @param remotePort    the peer's port
 * @param localPort     our port
 */
public record StreamAccepted(int connectionId, Ipv4Address remote, int remotePort, int localPort) {
}
