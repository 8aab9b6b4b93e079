package dev.newt.core.event;

/**
 * A message from a dead incarnation was fenced off.
 *
 * @param time   when
 * @param server the sender
 * @param epoch  its dead incarnation
 * @param to     the intended receiver
 */
public record MessageFenced(long time, String server, long epoch, String to) implements Event {
}
