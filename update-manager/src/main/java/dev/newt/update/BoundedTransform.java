package dev.newt.update;

import dev.newt.core.server.Hang;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a state transform on a helper thread, bounded in wall-clock time, so that a transformer
 * that never returns (an infinite loop, a block: a fault in the update itself) aborts the update
 * instead of hanging the caller, a server's worker or the simulation. The helper is interrupted at
 * the deadline; a loop that ignores interrupts keeps its daemon thread, and a new one serves the
 * next transform.
 */
final class BoundedTransform {
    /** At least this long, whatever the quiesce deadline: a large state takes a while to transform on a loaded machine. */
    static final Duration MINIMUM = Duration.ofSeconds(5);

    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        final Thread t = new Thread(r, Hang.BOUNDED_THREAD_PREFIX + "update-transform");
        t.setDaemon(true);
        return t;
    });

    private BoundedTransform() {
    }

    /** @return the bound for a plan: its quiesce deadline, at least {@link #MINIMUM} */
    static Duration boundOf(final UpdatePlan plan) {
        return plan.quiesceDeadline().compareTo(MINIMUM) > 0 ? plan.quiesceDeadline() : MINIMUM;
    }

    /**
     * @param server the server whose state is transformed, for the error
     * @param bound  how long the transform may take
     * @param work   the transform
     * @return its result
     * @throws StateTransformException when it did not finish within {@code bound}
     * @throws RuntimeException        what it threw
     */
    static <T> T call(final String server, final Duration bound, final Supplier<T> work) {
        final Future<T> f = HELPERS.submit(work::get);
        try {
            return f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new StateTransformException(server, "", "the state transform did not finish within "
                + bound.toMillis() + " ms (hung)", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new StateTransformException(server, "", "the state transform failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new StateTransformException(server, "", "interrupted while transforming the state", e);
        }
    }
}
