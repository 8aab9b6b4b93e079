package dev.newt.core.event;

/**
 * A handler ran past the server's hang deadline: the supervisor revoked the incarnation.
 *
 * @param time      when
 * @param server    which server
 * @param epoch     the revoked incarnation
 * @param busyNanos how long the handler had run when detected
 */
public record HangDetected(long time, String server, long epoch, long busyNanos) implements Event {
}
