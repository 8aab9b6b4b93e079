package dev.newt.net.msg;

/**
 * Request: no more data from us (send FIN after the buffered data). Answered with
 * {@link StreamClosed}.
 *
 * @param connectionId the connection
 */
public record StreamShutdown(int connectionId) {
}
