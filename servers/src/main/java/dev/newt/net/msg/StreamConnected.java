package dev.newt.net.msg;

/**
 * Reply to {@link StreamConnect}.
 *
 * @param connectionId handle for the connection's other requests
 * @param localPort    our port
 */
public record StreamConnected(int connectionId, int localPort) {
}
