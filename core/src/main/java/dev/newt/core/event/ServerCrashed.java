package dev.newt.core.event;

/**
 * A handler threw: the incarnation is dead.
 *
 * @param time    when
 * @param server  which server
 * @param epoch   the dead incarnation
 * @param error   the exception class
 * @param message the exception message, or empty
 * @param during  the payload type of the message being handled, or the lifecycle hook
 */
public record ServerCrashed(long time, String server, long epoch, String error, String message, String during) implements Event {
}
