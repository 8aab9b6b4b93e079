package dev.newt.faults.arm;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Hang;
import dev.newt.core.server.ServerContext;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.InjectedFault;
import dev.newt.faults.effect.Corruptor;
import dev.newt.faults.effect.FlipComparison;
import dev.newt.faults.effect.ObjectPath;
import dev.newt.faults.effect.Values;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import net.bytebuddy.description.method.MethodDescription;

/**
 * What each fault type does when it activates, at method entry or exit.
 *
 * <p>{@code delay}: on the threaded executor the handler really waits (parked, ending early if the
 * supervisor revokes the incarnation). On the simulated executor waiting would not move virtual
 * time, so the delay is charged to the virtual clock as if the handler computed that long
 * ({@link dev.newt.core.exec.SimulatedExecutor#charge}): since the simulation runs one handler at
 * a time, the whole system sees the time pass, as on a single core, and timers due meanwhile fire
 * after the handler. A delay that takes a handler past its server's hang deadline is a hang on
 * both: on real threads the watchdog revokes the parked handler; in the simulation the clock is
 * charged only to just past the deadline and the handler then hangs ({@link Hang#forever}), which
 * the supervisor detects at that virtual time.
 */
final class Effects {
    private static final ThreadLocal<Boolean> REDELIVERING = new ThreadLocal<>();

    private Effects() {
    }

    /** @return whether this thread is delivering a duplicated message, which runs without faults */
    static boolean isRedelivery() {
        return REDELIVERING.get() != null;
    }

    /** Applies entry effects. @return the activation if woven code has more to do, else {@code null} */
    static Activation enter(final Activation a, final Object self) {
        final FaultSpec f = a.site.fault().spec;
        if (f.onSentMessages()) {
            // The handler sends through the context it is given: hand it one that applies the fault.
            final int i = a.site.site().contextIndex();
            final SendFaultContext wrapper = new SendFaultContext((ServerContext) a.argument(i), a);
            a.replaceArgument(i, wrapper);
            a.sendSide(wrapper);
            a.exitPending();
            return a;
        }
        switch (f.type()) {
            case CRASH, HANG, DELAY -> {
                if (f.atExit()) {
                    a.exitPending();
                    return a;
                }
                control(a, self);
                return null;
            }
            case LEAK -> {
                final int bytes = (Integer) f.param("bytes");
                final long held = Leaks.retain(a.site.fault(), bytes);
                a.report(Activation.effect("bytes", bytes, "retained", held));
                return null;
            }
            case CORRUPT_STATE -> {
                if (f.atExit()) {
                    a.exitPending();
                    return a;
                }
                final int i = a.site.site().stateIndex();
                corrupt(a, a.argument(i), true, root -> a.replaceArgument(i, root));
                return a.argumentsChanged() ? a : null;
            }
            case CORRUPT_MESSAGE -> {
                corruptMessage(a);
                return a.argumentsChanged() ? a : null;
            }
            case DROP_MESSAGE -> {
                a.report(describe(envelope(a)));
                a.exitPending();
                return a;
            }
            case FLIP_COMPARISON -> {
                FlipComparison.begin(a.site.site().id());
                a.report(Activation.effect("comparison", f.param("comparison")));
                a.exitPending();
                return a;
            }
            default -> {
                a.exitPending();
                return a;
            }
        }
    }

    /** Applies exit effects; the activation carries the result the method returns or throws. */
    static void exit(final Activation a, final Object self, final Object[] args) {
        final FaultSpec f = a.site.fault().spec;
        final MethodSite site = a.site.site();
        if (a.sendSide() != null) {
            a.sendSide().close();
            return;
        }
        switch (f.type()) {
            case CRASH, HANG, DELAY -> control(a, self);
            case DROP_MESSAGE -> {
                if (site.passThroughIndex() >= 0) {
                    a.returned(args[site.passThroughIndex()]);
                }
            }
            case FLIP_COMPARISON -> FlipComparison.end(site.id());
            default -> {
                if (a.thrown() != null) {
                    a.report(Activation.effect("applied", false, "reason", "the method threw "
                        + a.thrown().getClass().getName()));
                    return;
                }
                switch (f.type()) {
                    case CORRUPT_STATE -> {
                        if (site.returnsReference()) {
                            corrupt(a, a.returned(), true, a::returned);
                        } else {
                            corrupt(a, args[site.stateIndex()], true, root -> {
                                throw new ObjectPath.CorruptionRefused("the state argument is immutable and cannot "
                                    + "be replaced at exit; corrupt it at entry");
                            });
                        }
                    }
                    case WRONG_RETURN -> wrongReturn(a);
                    case DUPLICATE_MESSAGE -> redeliver(a, self, args);
                    default -> throw new IllegalStateException("no exit effect for " + f.type());
                }
            }
        }
    }

    private static void control(final Activation a, final Object self) {
        final FaultSpec f = a.site.fault().spec;
        final String at = f.atExit() ? "exit" : "entry";
        switch (f.type()) {
            case CRASH -> {
                final Throwable t = exception(f, self);
                a.report(Activation.effect("at", at, "exception", t.getClass().getName(), "message", t.getMessage()));
                if (f.atExit()) {
                    a.thrown(t);
                } else {
                    throw Effects.<RuntimeException>sneaky(t);
                }
            }
            case HANG -> {
                a.report(Activation.effect("at", at));
                if (a.ctx == null && Hang.onBoundedThread()) {
                    blockUntilInterrupted();
                }
                Hang.forever();
            }
            default -> delay(a, at);
        }
    }

    /**
     * A hang outside any server's handler on a bounded thread (an update's state transformer): no
     * supervisor can revoke it, so the thread really blocks until whoever bounds it interrupts it.
     * Elsewhere outside a handler {@link Hang#forever} fails as before, which campaigns rely on.
     */
    private static void blockUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(1_000_000L);
        }
        throw new InjectedFault("hang outside a handler interrupted");
    }

    private static void delay(final Activation a, final String at) {
        final ArmedFault fault = a.site.fault();
        final Duration jitter = (Duration) fault.spec.param("jitter");
        long nanos = ((Duration) fault.spec.param("delay")).toNanos();
        if (jitter != null && !jitter.isZero()) {
            nanos += fault.effectRandom.nextLong(jitter.toNanos() + 1);
        }
        final boolean simulated = fault.installation.simulation != null;
        a.report(Activation.effect("at", at, "delayNanos", nanos, "clock", simulated ? "virtual" : "real"));
        if (simulated) {
            if (!fault.installation.simulation.charge(Duration.ofNanos(nanos))) {
                Hang.forever();
            }
            return;
        }
        final long end = System.nanoTime() + nanos;
        final ServerContext ctx = a.ctx;
        long left = nanos;
        while (left > 0 && (ctx == null || !ctx.revoked())) {
            LockSupport.parkNanos(Math.min(left, 1_000_000L));
            left = end - System.nanoTime();
        }
    }

    private static Throwable exception(final FaultSpec f, final Object self) {
        final String name = (String) f.param("exception");
        final String message = (String) f.param("message");
        final ClassLoader loader = self != null ? self.getClass().getClassLoader() : Effects.class.getClassLoader();
        try {
            final Class<?> type = Class.forName(name, true, loader);
            try {
                final Constructor<?> c = type.getConstructor(String.class);
                return (Throwable) c.newInstance(message);
            } catch (NoSuchMethodException e) {
                return (Throwable) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            return new InjectedFault(message + " (cannot make a " + name + ": " + e + ")");
        }
    }

    private interface RootSink {
        void accept(Object root);
    }

    private static void corrupt(final Activation a, final Object target, final boolean inPlace, final RootSink sink) {
        final FaultSpec f = a.site.fault().spec;
        final String mode = (String) f.param("mode");
        final String field = (String) f.param("field");
        if (target == null) {
            a.report(Activation.effect("applied", false, "reason", "the state is null"));
            return;
        }
        try {
            final Corruptor.Result r = Corruptor.corrupt(target, field, Corruptor.Mode.of(mode),
                a.site.fault().effectRandom, inPlace);
            sink.accept(r.root());
            a.report(Activation.effect("mode", mode, "field", r.field(), "old", r.oldValue(), "new", r.newValue()));
        } catch (ObjectPath.CorruptionRefused e) {
            a.report(Activation.effect("mode", mode, "applied", false, "reason", e.getMessage()));
        }
    }

    private static Envelope envelope(final Activation a) {
        return (Envelope) a.argument(a.site.site().envelopeIndex());
    }

    private static Map<String, Object> describe(final Envelope e) {
        if (e == null) {
            return Activation.effect("message", "null");
        }
        return Activation.effect("from", e.from(), "kind", e.kind().name(), "payload",
            e.payload().getClass().getSimpleName());
    }

    /**
     * @return the payload corrupted as the fault says (a copy: the sender may still hold the
     *         original), after adding what was done to {@code fields}; the payload itself when the
     *         corruption was refused
     */
    static Object corruptPayload(final Activation a, final Object payload, final Map<String, Object> fields) {
        final FaultSpec f = a.site.fault().spec;
        final String mode = (String) f.param("mode");
        fields.put("mode", mode);
        try {
            final Corruptor.Result r = Corruptor.corrupt(payload, (String) f.param("field"), Corruptor.Mode.of(mode),
                a.site.fault().effectRandom, false);
            fields.put("field", r.field());
            fields.put("old", r.oldValue());
            fields.put("new", r.newValue());
            return r.root();
        } catch (ObjectPath.CorruptionRefused ex) {
            fields.put("applied", false);
            fields.put("reason", ex.getMessage());
            return payload;
        }
    }

    private static void corruptMessage(final Activation a) {
        final Envelope e = envelope(a);
        final Map<String, Object> fields = describe(e);
        if (e == null) {
            fields.put("applied", false);
            a.report(fields);
            return;
        }
        final Object payload = corruptPayload(a, e.payload(), fields);
        if (payload != e.payload()) {
            a.replaceArgument(a.site.site().envelopeIndex(), new Envelope(e.kind(), e.from(), e.fromEpoch(), e.to(),
                e.correlationId(), payload, e.sentAt()));
        }
        a.report(fields);
    }

    private static void wrongReturn(final Activation a) {
        final MethodSite site = a.site.site();
        final String mode = (String) a.site.fault().spec.param("mode");
        final Object old = a.returned();
        final Object replacement;
        try {
            replacement = switch (mode) {
                case "default" -> Values.defaultOf(site.returnDescriptor());
                case "random" -> Values.randomise(old, a.site.fault().effectRandom);
                default -> Values.offByOne(old);
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            a.report(Activation.effect("mode", mode, "applied", false, "reason", "cannot change "
                + Values.describe(old) + ": " + e.getMessage()));
            return;
        }
        a.returned(replacement);
        a.report(Activation.effect("mode", mode, "old", Values.describe(old), "new", Values.describe(replacement)));
    }

    private static void redeliver(final Activation a, final Object self, final Object[] args) {
        final MethodSite site = a.site.site();
        final Object[] again = args.clone();
        if (site.passThroughIndex() >= 0 && site.returnsReference()) {
            // The second delivery sees the state the first one left, as a real duplicate would.
            again[site.passThroughIndex()] = a.returned();
        }
        a.report(describe((Envelope) args[site.envelopeIndex()]));
        REDELIVERING.set(Boolean.TRUE);
        try {
            a.returned(methodOf(site, self).invoke(self, again));
        } catch (InvocationTargetException e) {
            a.thrown(e.getCause());
        } catch (ReflectiveOperationException e) {
            a.thrown(new IllegalStateException("duplicate delivery failed: " + e, e));
        } finally {
            REDELIVERING.remove();
        }
    }

    private static Method methodOf(final MethodSite site, final Object self) throws NoSuchMethodException {
        for (Class<?> c = self.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(site.className())) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(site.method())
                        && new MethodDescription.ForLoadedMethod(m).getDescriptor().equals(site.descriptor())) {
                        m.setAccessible(true);
                        return m;
                    }
                }
            }
        }
        throw new NoSuchMethodException(site.className() + "#" + site.method() + site.descriptor());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(final Throwable t) throws T {
        throw (T) t;
    }
}
