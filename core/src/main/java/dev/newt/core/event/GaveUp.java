package dev.newt.core.event;

/**
 * The restart intensity was exceeded: the supervisor gave up on the server and escalated.
 *
 * @param time        when
 * @param server      the offender
 * @param restarts    restarts within the window
 * @param windowNanos the intensity window
 * @param reason      the last failure
 */
public record GaveUp(long time, String server, int restarts, long windowNanos, String reason) implements Event {
}
