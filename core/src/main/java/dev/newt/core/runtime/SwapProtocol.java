package dev.newt.core.runtime;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.store.Checkpoint;
import java.util.List;

/**
 * The steps and state of one live update of one server, after OTP, which keeps code change in
 * {@code sys} and out of the supervisor: where the update stands, the checkpoint and version to
 * roll back to, and what the new version handled on probation. Owned by its {@link ServerSwap};
 * every step runs on the server's worker, as a command between two messages, and drives the slot
 * through its primitives: suspend at a safe point, replace the incarnation, resume.
 */
final class SwapProtocol {

    /** Where an update stands; changed only on the server's worker. */
    enum Phase {
        /** Waiting for {@link #hold()} to be carried out. */
        NEW,
        /** Waiting for the server's safe point. */
        HOLDING,
        /** Held at the safe point, the old version current. */
        HELD,
        /** Held, the new version's start under way (under the hang watch on a real-time executor). */
        STARTING,
        /** Held, the new version started. */
        STARTED,
        /** Held, the new version failed to start. */
        START_FAILED,
        /** The new version serves, on probation. */
        PROBATION,
        /** Committed, rolled back or released. */
        DONE
    }

    private final ServerSwap swap;
    private final ServerSlot<?> slot;
    private final ServerSwap.Listener listener;
    private volatile Phase phase = Phase.NEW;
    /** The spec and checkpoint to roll back to; set when held. */
    private volatile ServerSpec<?> oldSpec;
    private byte[] checkpoint;
    /** The checkpoint to roll back to when the server is checkpointed by parts (then {@code checkpoint} is null). */
    private Checkpoint byParts;
    /** What the new version handled on probation, replayed into the old one if the update rolls back. */
    private ReplayLog probationLog;
    /** The new version in a shadow, before the hold; or null. Read by the supervisor when a handler hangs. */
    private volatile SwapShadow shadow;
    /** The shadow's state taken at the hold, the new version's; or null. */
    private volatile Object shadowAtHold;
    private volatile long shadowHandled;

    SwapProtocol(final ServerSwap swap, final ServerSlot<?> slot, final ServerSwap.Listener listener) {
        this.swap = swap;
        this.slot = slot;
        this.listener = listener;
    }

    /** @return the spec the server ran when it was held, or null before */
    ServerSpec<?> oldSpec() {
        return oldSpec;
    }

    void hold() {
        final String problem = phase == Phase.NEW && slot.update() != this ? slot.attach(this) : null;
        if (problem != null) {
            phase = Phase.DONE;
            listener.failed(swap, "quiesce", "server '" + slot.name() + "' cannot be held: " + problem);
            return;
        }
        phase = Phase.HOLDING;
        atSafePoint();
    }

    /**
     * Called by the slot between messages: holds the server if this update waits for it and it is
     * at a safe point. A server that is down is held once restarted.
     */
    void atSafePoint() {
        if (phase != Phase.HOLDING) {
            return;
        }
        final byte[] state;
        final Checkpoint parts;
        try {
            // By parts, the state at the safe point costs the parts changed since the last
            // checkpoint (a pre-copying update has the rest); else the whole state is encoded.
            parts = slot.spec.partCodec() != null ? slot.suspendIfQuiescentByParts() : null;
            state = parts != null || slot.spec.partCodec() != null ? null : slot.suspendIfQuiescent();
        } catch (RuntimeException e) {
            end();
            listener.failed(swap, "quiesce", "server '" + slot.name() + "': " + e);
            return;
        }
        if (state == null && parts == null) {
            return;
        }
        if (shadow != null) {
            shadowAtHold = shadow.usableState();
            shadowHandled = shadow.handled();
            shadow.end();
            shadow = null;
        }
        oldSpec = slot.spec;
        checkpoint = state;
        byParts = parts;
        phase = Phase.HELD;
        if (parts != null) {
            listener.heldByParts(swap, parts, () -> slot.runtime.codec().encode(slot.name(),
                slot.runtime.decode(parts, oldSpec.stateType(), oldSpec.partCodec())));
        } else {
            listener.held(swap, state);
        }
    }

    void snapshot() {
        Checkpoint c;
        try {
            c = slot.currentByParts();
        } catch (RuntimeException e) {
            c = null;
        }
        listener.snapshot(swap, c);
    }

    void shadowSnapshot() {
        Checkpoint c;
        try {
            c = slot.spec.partCodec() != null ? slot.currentByParts() : slot.currentWhole();
        } catch (RuntimeException e) {
            c = null;
        }
        if (c != null && (phase == Phase.NEW || phase == Phase.HOLDING)) {
            final String problem = phase == Phase.NEW ? slot.attach(this) : null;
            if (problem == null) {
                shadow = new SwapShadow(slot);
            } else {
                c = null;
            }
        }
        listener.shadowSnapshot(swap, c);
    }

    void startShadow(final ServerSpec<?> next, final Object state, final long warmMessages,
                     final ServerSwap.OutputCheck check) {
        if (shadow != null) {
            report(shadow.start(next, state, warmMessages, check));
        }
    }

    /** @return the shadow, while one runs or buffers; else null */
    SwapShadow shadow() {
        return shadow;
    }

    /**
     * After the live version handled a message: the shadow's turn.
     *
     * @return false when the shadow's handler hung and was revoked: the calling worker retires
     */
    boolean afterLive(final Envelope e, final long index, final long corrBase, final long clock) {
        final SwapShadow s = shadow;
        return s == null || report(s.afterLive(e, index, corrBase, clock));
    }

    /**
     * The supervisor found the handler stamped {@code start} hung: if it is the shadow's, the shadow
     * is revoked (a hang waiting for that returns) and a command ends it on the successor worker.
     * The live version is untouched: its handler had returned and its state was saved.
     *
     * @return whether the hung handler was the shadow's
     */
    boolean shadowHungSince(final long start) {
        final SwapShadow s = shadow;
        if (s == null || !s.revokeIfWatchedSince(start)) {
            return false;
        }
        slot.command(() -> {
            if (shadow == s) {
                shadow = null;
                shadowHandled = s.handled();
                s.end();
                listener.shadowEnded(swap, ServerSwap.ShadowEnd.FAILED, s.handled(), s.problem());
            }
        });
        return true;
    }

    /** @return false when the shadow was revoked as hung (the calling worker retires); else true */
    private boolean report(final SwapShadow.Event ev) {
        final SwapShadow s = shadow;
        switch (ev) {
            case REVOKED -> {
                // Touch nothing: the successor worker ends the shadow (shadowHungSince's command).
                slot.retireWorker();
                return false;
            }
            case WARM -> listener.shadowWarm(swap, s.handled());
            case FAILED, DIVERGED, VOID -> {
                shadow = null;
                shadowHandled = s.handled();
                listener.shadowEnded(swap, ServerSwap.ShadowEnd.valueOf(ev.name()), s.handled(), s.problem());
            }
            default -> { }
        }
        return true;
    }

    Object shadowAtHold() {
        return shadowAtHold;
    }

    long shadowHandled() {
        return shadowHandled;
    }

    /**
     * Starts the new version, still held. Its {@code onStart} runs under the hang watch (on a
     * real-time executor, with a hang deadline): a start that hangs is revoked by the supervisor,
     * which hands the failure to {@link #tookFailure} (the update rolls back on a successor
     * worker), and this worker, if the start ever returns, touches nothing and retires.
     */
    void startNewVersion(final ServerSpec<?> next, final Object state) {
        if (phase != Phase.HELD) {
            return;
        }
        // The epoch first: a timer the new version sets in onStart must find it current.
        final long epoch = slot.lifecycle.newEpoch();
        phase = Phase.STARTING;
        final boolean watched = slot.enterWatch(slot.now());
        Reincarnation.Launched<?> launched = null;
        Throwable failure = null;
        try {
            launched = launch(slot, epoch, next, next.stateType().cast(state));
        } catch (Throwable t) {
            failure = t;
        }
        // Exactly one of this worker and the supervisor's revocation wins the hang watch.
        if (!slot.leaveWatch(watched) || phase != Phase.STARTING) {
            slot.retireWorker();
            return;
        }
        if (failure != null) {
            phase = Phase.START_FAILED;
            listener.failed(swap, "start", failure.getClass().getSimpleName() + ": " + failure.getMessage());
            return;
        }
        install(slot, next, launched);
        phase = Phase.STARTED;
        listener.started(swap);
    }

    void resume() {
        if (phase != Phase.STARTED) {
            return;
        }
        phase = Phase.PROBATION;
        probationLog = new ReplayLog();
        slot.resume();
        listener.resumed(swap);
        // After the phase changed: an audit that fails here is a failure on probation.
        slot.checkpointNow();
    }

    void commit() {
        if (phase == Phase.PROBATION) {
            end();
        }
    }

    void rollBack() {
        switch (phase) {
            case NEW, HOLDING, HELD -> {
                end();
                listener.rolledBack(swap, false, 0, "");
            }
            case STARTED, START_FAILED, PROBATION -> restoreOldVersion();
            default -> { }
        }
    }

    /** @return the log of what the new version handles, while it is on probation; else null */
    ReplayLog probationLog() {
        return probationLog;
    }

    /**
     * Takes a failure of the new version while it is on probation: the update rolls it back, the
     * supervisor does not restart it.
     *
     * @return whether it took the failure (else it goes to the supervisor)
     */
    boolean tookFailure(final String reason) {
        if (phase == Phase.STARTING) {
            // The supervisor revoked a start that hung; the update rolls back on the successor worker.
            phase = Phase.START_FAILED;
            listener.failed(swap, "start", "its start hung past the hang deadline (" + reason + ")");
            return true;
        }
        if (phase != Phase.PROBATION) {
            return false;
        }
        listener.failed(swap, "probation", reason);
        return true;
    }

    private void end() {
        phase = Phase.DONE;
        if (shadow != null) {
            shadow.end();
            shadow = null;
        }
        probationLog = null;
        if (slot.update() == this) {
            slot.detach();
        }
    }

    /**
     * Restarts the old version from the checkpoint taken at the safe point and replays what the new
     * version handled, as a {@code checkpoint+replay} restart does after a crash; the message the
     * new version failed on is then served by the old one.
     */
    private void restoreOldVersion() {
        final ReplayLog log = probationLog == null ? new ReplayLog() : probationLog;
        final Envelope failed = slot.lifecycle.takeFailing();
        final ServerSpec<?> old = oldSpec;
        slot.adopt(old);
        end();
        final long epoch = slot.lifecycle.newEpoch();
        // Stored first: should the restore fail, the supervisor restarts the old version from it.
        if (byParts != null) {
            slot.checkpoints.store(epoch, byParts);
        } else {
            slot.checkpoints.store(epoch, checkpoint);
        }
        final Reincarnation.Launched<?> launched;
        try {
            final Object restored = byParts != null ? slot.runtime.decode(byParts, old.stateType(), old.partCodec())
                : slot.runtime.codec().decode(slot.name(), checkpoint, old.stateType());
            launched = replace(slot, epoch, old, restored,
                StartReason.RESTART_REPLAY, log, failed);
        } catch (Throwable t) {
            final String why = t.getClass().getSimpleName() + ": " + t.getMessage();
            slot.lifecycle.startFailed(epoch, "rollback", why, "rollback failed: " + why);
            listener.rolledBack(swap, true, 0, "the old version could not replay what the new one handled ("
                + why + "); the supervisor restarts it from the checkpoint taken at the safe point, without the "
                + log.size() + " messages the new version handled");
            return;
        }
        slot.serveFirst(failed);
        slot.checkpointNow();
        slot.runtime.notifyRequestersOf(slot, epoch);
        listener.rolledBack(swap, true, launched.replayed(), "");
    }

    @SuppressWarnings("unchecked")
    private static <S> Reincarnation.Launched<S> launch(final ServerSlot<S> slot, final long epoch,
                                                        final ServerSpec<?> version, final Object state)
        throws Exception {
        return slot.launch(epoch, (ServerSpec<S>) version, (S) state, StartReason.UPDATE, List.of(), null);
    }

    @SuppressWarnings("unchecked")
    private static <S> void install(final ServerSlot<S> slot, final ServerSpec<?> version,
                                    final Reincarnation.Launched<?> launched) {
        slot.install((ServerSpec<S>) version, (Reincarnation.Launched<S>) launched);
    }

    /** Captures the slot's state type, so that a version and a state of the same type meet. */
    @SuppressWarnings("unchecked")
    private static <S> Reincarnation.Launched<S> replace(final ServerSlot<S> slot, final long epoch,
                                                         final ServerSpec<?> version, final Object state,
                                                         final StartReason reason,
                                                         final Iterable<ReplayLog.Entry> replay,
                                                         final Envelope skip) throws Exception {
        return slot.replace(epoch, (ServerSpec<S>) version, (S) state, reason, replay, skip);
    }
}
