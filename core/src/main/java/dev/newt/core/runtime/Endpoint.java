package dev.newt.core.runtime;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;

/** Something messages can be addressed to: a server slot or an external client. */
interface Endpoint {

    /** @return the unique name */
    String name();

    /** @return the current epoch; 1 for clients */
    long epoch();

    /** Enqueues a one-way message or request if there is room. @return whether it was enqueued */
    boolean offer(Envelope envelope);

    /** Enqueues a reply, bypassing the mailbox bound. */
    void offerReply(Envelope reply);

    /** The requests this endpoint is still waiting on, shared by all its incarnations. */
    PendingTable pending();

    /** Delivers notice that a peer was reincarnated with requests of ours it never answered. */
    void notifyPeerRestarted(PeerRestarted notice);
}
