package dev.newt.core.event;

/**
 * A reply arrived for a request the current incarnation does not know (it was made by a dead one, or answered already) and was dropped.
 *
 * @param time          when
 * @param server        the receiver of the reply
 * @param epoch         its current incarnation
 * @param from          the replier
 * @param correlationId the unknown id
 */
public record ReplyOrphaned(long time, String server, long epoch, String from, long correlationId) implements Event {
}
