package dev.newt.net.msg;

/**
 * A failed socket or transport request.
 *
 * @param code    a stable name: {@code ADDRESS_IN_USE}, {@code BAD_SOCKET}, {@code CLOSED},
 *                {@code NO_ROUTE}, {@code MESSAGE_TOO_LONG}, {@code INVALID_ARGUMENT},
 *                {@code NO_BUFFER_SPACE},
 *                {@code REFUSED}, {@code RESET}, {@code TIMED_OUT}
 * @param message what happened, naming the socket, port or address
 */
public record SocketError(String code, String message) {
}
