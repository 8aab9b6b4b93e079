package dev.newt.core.server;

import java.util.concurrent.locks.LockSupport;

/**
 * Makes the calling server stop making progress, as a hung server does, in a way the supervisor
 * can end. On the threaded executor the worker thread really parks until the supervisor revokes
 * the incarnation; on the simulated executor the hang is modelled without blocking the one
 * thread: the incarnation is marked hung and handles nothing more.
 */
public final class Hang {
    private Hang() {
    }

    /**
     * Hangs the incarnation whose handler is running on this thread. Never returns normally.
     *
     * @throws SimulatedHang on the simulated executor, for the runtime to catch
     * @throws IncarnationRevoked on the threaded executor, once the supervisor revoked it
     */
    public static void forever() {
        final ServerContext ctx = ServerContext.current();
        if (ctx.simulated()) {
            throw new SimulatedHang();
        }
        while (!ctx.revoked()) {
            LockSupport.parkNanos(200_000L);
        }
        throw new IncarnationRevoked(ctx.name(), ctx.epoch());
    }

    /**
     * The prefix of the names of threads whose work is bounded by whoever started them, who
     * interrupts them at the bound (a live update's state transforms): code that hangs on such a
     * thread outside any handler may really block until interrupted, since no supervisor watches it.
     */
    public static final String BOUNDED_THREAD_PREFIX = "newt-bounded-";

    /** @return whether the calling thread is one of those named with {@link #BOUNDED_THREAD_PREFIX} */
    public static boolean onBoundedThread() {
        return Thread.currentThread().getName().startsWith(BOUNDED_THREAD_PREFIX);
    }

    /** Thrown on the simulated executor to model a hang; the runtime catches it. */
    public static final class SimulatedHang extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedHang() {
            super("simulated hang", null, false, false);
        }
    }

    /** Thrown out of a hang once the supervisor revoked the hung incarnation. */
    public static final class IncarnationRevoked extends Error {
        private static final long serialVersionUID = 1L;

        IncarnationRevoked(final String server, final long epoch) {
            super(server + "#" + epoch + " was revoked", null, false, false);
        }
    }
}
