package dev.newt.core.event;

/**
 * A server was told that a peer it had unanswered requests with was reincarnated.
 *
 * @param time      when
 * @param server    the requester
 * @param peer      the restarted server
 * @param peerEpoch its new epoch
 * @param pending   requests the dead incarnation took and never answered
 */
public record PeerRestartNotified(long time, String server, String peer, long peerEpoch, int pending) implements Event {
}
