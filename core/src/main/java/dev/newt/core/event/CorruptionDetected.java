package dev.newt.core.event;

/**
 * The server's state audit failed: the incarnation is treated as dead.
 *
 * @param time      when
 * @param server    which server
 * @param epoch     the incarnation
 * @param violation the invariant the audit reported violated
 */
public record CorruptionDetected(long time, String server, long epoch, String violation) implements Event {
}
