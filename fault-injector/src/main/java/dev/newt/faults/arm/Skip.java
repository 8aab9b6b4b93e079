package dev.newt.faults.arm;

import dev.newt.core.server.ServerContext;

/**
 * An activation that skips the woven method's body: woven code tests for this type
 * ({@code skipOn}). Public only for woven code; not an API.
 */
public final class Skip extends Activation {
    Skip(final ArmedSite site, final ServerContext ctx, final long call, final Object[] args) {
        super(site, ctx, call, args);
    }
}
