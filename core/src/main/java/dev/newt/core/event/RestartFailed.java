package dev.newt.core.event;

/**
 * A restart attempt failed; the supervisor tries again after its back-off, within the intensity.
 *
 * @param time   when
 * @param server which server
 * @param epoch  the incarnation that failed to start
 * @param policy the recovery policy tried
 * @param error  what went wrong
 */
public record RestartFailed(long time, String server, long epoch, String policy, String error) implements Event {
}
