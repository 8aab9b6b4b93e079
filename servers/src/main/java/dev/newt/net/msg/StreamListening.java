package dev.newt.net.msg;

/**
 * Reply to {@link StreamListen}.
 *
 * @param listenerId handle for {@link StreamAccept} and {@link StreamClose}
 * @param port       the port listened on
 */
public record StreamListening(int listenerId, int port) {
}
