package dev.newt.faults.arm;

import dev.newt.core.server.ServerContext;
import dev.newt.faults.FaultType;

/**
 * An armed fault at one woven method: what woven code finds in the {@link FaultRegistry}. Public
 * only because woven classes live in other packages and loaders; not an API.
 */
public final class ArmedSite {
    private final MethodSite site;
    private final ArmedFault fault;

    public ArmedSite(final MethodSite site, final ArmedFault fault) {
        this.site = site;
        this.fault = fault;
    }

    MethodSite site() {
        return site;
    }

    ArmedFault fault() {
        return fault;
    }

    /**
     * Called by woven code at method entry while armed: counts the call, decides, and applies the
     * fault's entry effects (which may throw, hang or skip the method).
     *
     * @param self the receiver, or {@code null} in a static method
     * @param args the arguments, which the activation may replace
     * @return the activation when the woven code has more to do, else {@code null}
     */
    public Activation enter(final Object self, final Object[] args) {
        if (Effects.isRedelivery()) {
            return null;
        }
        final ServerContext ctx = Contexts.currentOrNull();
        final long call = fault.decide(ctx);
        if (call == 0) {
            return null;
        }
        final Activation a = fault.spec.type() == FaultType.DROP_MESSAGE && !fault.spec.onSentMessages()
            ? new Skip(this, ctx, call, args) : new Activation(this, ctx, call, args);
        return Effects.enter(a, self);
    }
}
