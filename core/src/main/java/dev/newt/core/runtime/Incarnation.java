package dev.newt.core.runtime;

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
}
