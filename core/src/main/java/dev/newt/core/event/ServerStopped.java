package dev.newt.core.event;

/**
 * An incarnation stopped because the runtime closed.
 *
 * @param time   when
 * @param server which server
 * @param epoch  the incarnation
 */
public record ServerStopped(long time, String server, long epoch) implements Event {
}
