package dev.newt.faults.arm;

import dev.newt.core.event.EventKinds;
import dev.newt.core.event.FaultActivated;
import dev.newt.core.server.ServerContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One activation of a fault at one call: carries what the entry effects changed to the exit
 * advice, and reports itself as a {@code fault-activated} event exactly once. Public only for
 * woven code; not an API.
 */
public class Activation {
    final ArmedSite site;
    final ServerContext ctx;
    final long call;
    private Object[] args;
    private boolean argsChanged;
    private boolean exitPending;
    private boolean reported;
    private Object returned;
    private Throwable thrown;
    private SendFaultContext sendSide;

    Activation(final ArmedSite site, final ServerContext ctx, final long call, final Object[] args) {
        this.site = site;
        this.ctx = ctx;
        this.call = call;
        this.args = args;
    }

    /** @return whether the entry effects replaced arguments, which woven code then writes back */
    public boolean argumentsChanged() {
        return argsChanged;
    }

    /** @return the arguments as the entry effects left them */
    public Object[] arguments() {
        return args;
    }

    Object argument(final int i) {
        return args[i];
    }

    void replaceArgument(final int i, final Object value) {
        if (args[i] != value) {
            args = args.clone();
            args[i] = value;
            argsChanged = true;
        }
    }

    void sendSide(final SendFaultContext wrapper) {
        this.sendSide = wrapper;
    }

    SendFaultContext sendSide() {
        return sendSide;
    }

    void exitPending() {
        exitPending = true;
    }

    /**
     * Called by woven code at method exit: applies the fault's exit effects.
     *
     * @param self      the receiver, or {@code null}
     * @param exitArgs  the arguments at exit
     * @param result    what the method returned (boxed), or {@code null} for void or a throw
     * @param exception what the method threw, or {@code null}
     */
    public void exit(final Object self, final Object[] exitArgs, final Object result, final Throwable exception) {
        this.returned = result;
        this.thrown = exception;
        if (exitPending) {
            exitPending = false;
            Effects.exit(this, self, exitArgs);
        }
    }

    /** @return the value the method returns after the exit effects */
    public Object returned() {
        return returned;
    }

    /** @return what the method throws after the exit effects, or {@code null} */
    public Throwable thrown() {
        return thrown;
    }

    void returned(final Object value) {
        this.returned = value;
    }

    void thrown(final Throwable t) {
        this.thrown = t;
    }

    /**
     * Records {@code fault-activated} with the site, the call count and the effect; then, for a
     * fault that fires once, {@code fault-disarmed}.
     */
    void report(final Map<String, Object> effect) {
        if (reported) {
            return;
        }
        reported = true;
        final ArmedFault fault = site.fault();
        final String server = server();
        final FaultActivated activated = new FaultActivated(fault.spec.id(), fault.spec.type().label(),
            site.site().label(), call, ctx != null ? ctx.epoch() : null, effect);
        fault.installation.emit(ctx, server, EventKinds.FAULT_ACTIVATED, activated.toFields());
        if (!fault.spec.trigger().persistent()) {
            fault.installation.emit(ctx, server, EventKinds.FAULT_DISARMED, fault.disarmed("fired once", null));
        }
    }

    String server() {
        return ctx != null ? ctx.name() : site.fault().spec.site().server();
    }

    static Map<String, Object> effect(final Object... keyValues) {
        final Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
