package dev.newt.core.server;

import java.util.List;

/**
 * Notice that a server this one had requests with was reincarnated.
 *
 * @param peer      the server that restarted
 * @param peerEpoch its new epoch
 * @param pending   requests its dead incarnation had taken from its mailbox and never answered
 *                  (requests still waiting in its mailbox are served by the new incarnation)
 */
public record PeerRestarted(String peer, long peerEpoch, List<PendingRequest> pending) {

    /** Copies the list so the notice stays immutable. */
    public PeerRestarted {
        pending = List.copyOf(pending);
    }
}
