package dev.newt.core.runtime;

import dev.newt.core.event.RestartFailed;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerStopped;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CurrentContext;

/**
 * A slot's incarnations as they come and go: which one is current, its epoch, the slot's
 * {@link ServerState}, when the outage under way began, the message being handled at the last
 * failure, and where a failure goes (to a live update on probation, else to the supervisor).
 *
 * <p>Threading: written on the slot's worker, except {@link #revoke} and {@link #giveUp}, which the
 * supervisor calls; {@link #updateTookFailure} runs on both. The fields that other threads read
 * (the supervisor, clients, timer threads) are volatile; {@link #becomeCurrent} writes
 * {@code state} last, so that whoever sees RUNNING sees the rest of the start.
 */
final class Lifecycle<S> {
    private final ServerSlot<S> slot;
    /** The latest incarnation to have started, or null before the first start. */
    volatile Incarnation<S> current;
    private volatile ServerState state = ServerState.STARTING;
    private volatile long latestEpoch;
    volatile long restarts;
    volatile long downSince = -1;
    /** The message being handled at the last failure, or null. */
    volatile Envelope failing;
    /** The incarnation being launched, until it returns from its start; or null. */
    volatile Incarnation<S> starting;
    /** What the restart being carried out loses ({@code ServerContext.messagesLost}), for its launch. */
    long lostByRestore;

    Lifecycle(final ServerSlot<S> slot) {
        this.slot = slot;
    }

    ServerState state() {
        return state;
    }

    /** @return the latest epoch taken, whose incarnation may still be starting */
    long epoch() {
        return latestEpoch;
    }

    // ---- failures ----

    /** Marks the start of an outage, unless one is already under way (a failed restart). */
    private void markDown() {
        if (downSince < 0) {
            downSince = slot.runtime.now();
        }
    }

    void fail(final Incarnation<S> inc, final Envelope e, final Throwable t, final String during) {
        final NewtRuntime runtime = slot.runtime;
        runtime.record(ServerCrashed.of(runtime.now(), slot.name(), inc.epoch, t, during));
        died(inc, e, t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    /**
     * The incarnation died outside any handler (its process exited, say): a crash, if it is still
     * the running incarnation; on the worker, between messages.
     */
    @SuppressWarnings("unchecked")
    void failOutside(final Incarnation<?> inc, final Throwable t) {
        if (current == inc && state == ServerState.RUNNING && !inc.revoked) {
            fail((Incarnation<S>) inc, null, t, "outside-handler");
        }
    }

    /**
     * Marks the incarnation dead and reports it where {@link #updateTookFailure} says. The update
     * hears first, before the state says FAILED, so that its health check never sees the failure
     * before its cause.
     */
    void died(final Incarnation<S> inc, final Envelope e, final String reason) {
        final boolean toUpdate = updateTookFailure(reason);
        markDown();
        state = ServerState.FAILED;
        failing = e;
        if (!toUpdate) {
            slot.runtime.supervisor().failed(slot, inc.epoch, reason);
        }
    }

    /** A handler hung (simulated) on {@code e}: the supervisor's watch decides what follows. */
    void hung(final Envelope e) {
        state = ServerState.HUNG;
        failing = e;
    }

    /**
     * The one place that decides where a failure of the running incarnation goes: to the update
     * whose new version is on probation here (it rolls back), else to the supervisor (it restarts).
     * Called on the worker for what it detects and by the supervisor for a hang.
     *
     * @return whether the update took it; if not, the caller hands it to the supervisor
     */
    boolean updateTookFailure(final String reason) {
        final SwapProtocol u = slot.update();
        return u != null && u.tookFailure(reason);
    }

    /** A start failed: the server is down, and the supervisor decides again. */
    void startFailed(final long epoch, final String policy, final String error, final String reason) {
        markDown();
        state = ServerState.FAILED;
        slot.runtime.record(new RestartFailed(slot.runtime.now(), slot.name(), epoch, policy, error));
        slot.runtime.supervisor().failed(slot, epoch, reason);
    }

    /**
     * Revokes the running incarnation, whose handler hangs, and the one starting if a start hangs
     * (so that a hang that waits for its revocation returns); called by the supervisor.
     *
     * @param on the message it hung on, to serve again rather than replay; or null
     */
    void revoke(final Envelope on) {
        final Incarnation<S> inc = current;
        if (inc != null) {
            inc.revoked = true;
        }
        final Incarnation<S> next = starting;
        if (next != null) {
            next.revoked = true;
        }
        if (on != null) {
            failing = on;
        }
        markDown();
        state = ServerState.FAILED;
    }

    void giveUp() {
        state = ServerState.GIVEN_UP;
    }

    // ---- incarnations (worker), for Reincarnation and a live update ----

    /** @return a new epoch, taken before its incarnation starts: a timer set in onStart must find it current */
    long newEpoch() {
        return ++latestEpoch;
    }

    /** @return the message being handled at the last failure, which the slot forgets; or null */
    Envelope takeFailing() {
        final Envelope e = failing;
        failing = null;
        return e;
    }

    /** Publishes a started incarnation: it serves from now on, with fresh counters. */
    void becomeCurrent(final Incarnation<S> inc) {
        final Incarnation<S> previous = current;
        current = inc;
        if (previous != null && previous != inc) {
            try {
                previous.server.onSuperseded();
            } catch (RuntimeException e) {
                // Its resources only: the new incarnation serves regardless.
            }
        }
        failing = null;
        downSince = -1;
        slot.replayLog.clear();
        slot.checkpoints.reset();
        slot.hangs.reset();
        state = ServerState.RUNNING;
    }

    /** Runs the running incarnation's stop hook, then the slot is stopped for good. */
    void close() {
        final Incarnation<S> inc = current;
        if (inc != null && state == ServerState.RUNNING) {
            CurrentContext.set(inc.ctx);
            try {
                inc.server.onStop(inc.ctx, inc.state);
            } catch (RuntimeException e) {
                // Closing anyway: a failing stop hook must not keep the runtime from closing.
            } finally {
                CurrentContext.set(null);
            }
            slot.runtime.record(new ServerStopped(slot.runtime.now(), slot.name(), inc.epoch));
        }
        state = ServerState.STOPPED;
    }
}
