package dev.newt.update;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerSwap;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces running servers' code with new versions without losing a message, and takes the old
 * versions back when a new one fails: request, quiesce (each server held between messages with
 * its {@code quiescent(state)} true, all at once), checkpoint, transform, start the new versions,
 * probation, then commit or roll back. Each phase is an event ({@code update-phase}) and each
 * update ends with one ({@code update-finished}); see {@code docs/ARCHITECTURE.md}, "One update".
 *
 * <pre>{@code
 * UpdateManager updates = UpdateManager.of(runtime);
 * ServerSpec<Object> v2 = ImageSpecs.sameSettings(runtime.spec("j"), image, "x.Journal", "x.Journal$State");
 * UpdateOutcome o = updates.update(UpdatePlan.of("j", v2).probation(Duration.ofMillis(5), HealthCheck.serving()));
 * }</pre>
 *
 * <p>Thread-safe. Updates of disjoint sets of servers may run at once; a server already being
 * updated makes a second update of it abort.
 */
public final class UpdateManager {
    /** Added to an update's own deadlines to bound a blocking wait for it. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    private final NewtRuntime runtime;
    private final AtomicLong ids = new AtomicLong();

    private UpdateManager(final NewtRuntime runtime) {
        this.runtime = runtime;
    }

    /** @param runtime a started runtime @return a manager of its updates */
    public static UpdateManager of(final NewtRuntime runtime) {
        return new UpdateManager(Objects.requireNonNull(runtime, "runtime"));
    }

    /**
     * Starts an update and returns at once. On the simulated executor nothing happens until the
     * simulation runs: run it until the future is done ({@code runtime.runUntil(f::isDone, ...)}).
     *
     * @param requested what to update; an inner server of a composite (a monolithic host's layer)
     *                  is updated as its composite with that layer's new version inside
     * @return completed with the outcome, on the thread that finished the update
     * @throws IllegalArgumentException naming the server and the setting when a new version cannot
     *                                  replace the running one (unknown server, an alias, other
     *                                  aliases or another mailbox capacity)
     */
    public CompletableFuture<UpdateOutcome> start(final UpdatePlan requested) {
        final UpdatePlan plan = InnerUpdates.lift(runtime, requested);
        for (String server : plan.servers()) {
            check(server, runtime.spec(server), plan.spec(server));
        }
        final UpdateRun run = new UpdateRun("u" + ids.incrementAndGet(), runtime, plan);
        run.begin();
        return run.future().copy();
    }

    /**
     * Updates and waits for the outcome. On the simulated executor it runs the simulation until
     * the update is over (call it from the thread that drives the simulation, not from a server);
     * on the others it waits, at most the plan's quiesce deadline and probation plus ten seconds.
     *
     * @param plan what to update
     * @return the outcome
     * @throws IllegalArgumentException as {@link #start} does
     * @throws IllegalStateException    if the update did not finish within that bound
     */
    public UpdateOutcome update(final UpdatePlan plan) {
        final CompletableFuture<UpdateOutcome> f = start(plan);
        final Duration bound = plan.quiesceDeadline().plus(plan.probationWindow()).plus(SLACK);
        if (runtime.simulated()) {
            if (!runtime.runUntil(f::isDone, bound)) {
                throw new IllegalStateException("update of " + plan.servers() + " did not finish within " + bound
                    + " of simulated time");
            }
            return f.join();
        }
        try {
            return f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("update of " + plan.servers() + " did not finish within " + bound, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the update of " + plan.servers(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("update of " + plan.servers() + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static void check(final String server, final ServerSpec<?> running, final ServerSpec<?> next) {
        final String problem = !running.name().equals(server) ? "'" + server + "' is an alias of server '"
                + running.name() + "'; update '" + running.name() + "'"
            : ServerSwap.whyNot(running, next).map(p -> "the new version cannot replace the running one: " + p)
                .orElse(null);
        if (problem != null) {
            throw new IllegalArgumentException("update of server '" + server + "': " + problem);
        }
    }
}
