package dev.newt.core.server;

/**
 * A request a server sent and has had no reply to yet. The runtime keeps these outside the server's
 * state, so that when the receiver is reincarnated the sender can be told which requests it took
 * and never answered, and can resubmit or fail them.
 *
 * @param correlationId pairs the request with its reply
 * @param to            the server the request went to
 * @param payload       what was asked
 * @param sentAt        runtime clock reading when it was first sent
 */
public record PendingRequest(long correlationId, String to, Object payload, long sentAt) {
}
