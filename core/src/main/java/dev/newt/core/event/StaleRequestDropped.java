package dev.newt.core.event;

/**
 * A request arrived that its sender no longer waits for (it was answered already, for example by
 * a restored incarnation before the resubmitted copy came) and was dropped unserved.
 *
 * @param time          when
 * @param server        the receiver
 * @param epoch         its incarnation
 * @param from          the requester
 * @param correlationId the request's id
 */
public record StaleRequestDropped(long time, String server, long epoch, String from, long correlationId)
    implements Event {
}
