package dev.newt.net.msg;

/**
 * Reply to {@link StreamShutdown} and {@link StreamClose}.
 *
 * @param id the connection or listener
 */
public record StreamClosed(int id) {
}
