package dev.newt.core.event;

/**
 * A checkpoint could not be taken; the previous one and the replay log are kept.
 *
 * @param time   when
 * @param server which server
 * @param epoch  the incarnation
 * @param error  why
 */
public record CheckpointFailed(long time, String server, long epoch, String error) implements Event {
}
