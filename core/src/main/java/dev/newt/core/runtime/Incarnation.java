package dev.newt.core.runtime;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;

/**
 * One life of a server: an epoch, a server object and its state. The state is touched only by the
 * slot's worker; {@code revoked} is set by the supervisor when it declares the incarnation hung.
 */
final class Incarnation<S> {
    final long epoch;
    final Server<S> server;
    final SlotContext ctx;
    S state;
    volatile boolean revoked;

    Incarnation(final long epoch, final Server<S> server, final ServerSlot<S> slot) {
        this.epoch = epoch;
        this.server = server;
        this.ctx = new SlotContext(slot, this);
    }

    /** Hands {@code e} to the server's handler for its kind, with state {@code s}; @return the new state */
    S dispatch(final S s, final Envelope e) throws Exception {
        if (e.kind() == Kind.NOTICE) {
            final PeerRestarted notice = (PeerRestarted) e.payload();
            return server.onPeerRestarted(ctx, s, notice);
        }
        return server.handle(ctx, s, e);
    }
}
