package dev.newt.core.event;

/**
 * An incarnation started and is serving its mailbox.
 *
 * @param time   when
 * @param server which server
 * @param epoch  the new incarnation
 * @param reason why it started (a {@code StartReason} name)
 */
public record ServerStarted(long time, String server, long epoch, String reason) implements Event {
}
