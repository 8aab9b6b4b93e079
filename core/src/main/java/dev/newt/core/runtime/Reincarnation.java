package dev.newt.core.runtime;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.event.ServerStarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.CurrentContext;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.store.Checkpoint;
import java.util.List;
import java.util.Optional;

/**
 * Starting a slot's incarnations, on its worker: the first start and the restarts the supervisor
 * orders (the state from the recovery policy, the replay of the messages logged since the
 * checkpoint), and the launch of an incarnation that a live update's switch and rollback share.
 */
final class Reincarnation<S> {
    private final ServerSlot<S> slot;
    /**
     * The reply being handled when the server last failed, delivered once more after its restart:
     * unlike a request (whose sender resubmits it) or a plain message, no one would send it again,
     * and the request it answers would wait forever. Dropped if it fails a second time.
     */
    private Envelope retriedReply;

    /** A started incarnation, with the logged messages it replayed and skipped. */
    record Launched<S>(Incarnation<S> inc, int replayed, int skipped) {
    }

    Reincarnation(final ServerSlot<S> slot) {
        this.slot = slot;
    }

    /** @return whether {@code reply} is a retried one, which completed its request on its first delivery */
    boolean retried(final Envelope reply) {
        return reply == retriedReply;
    }

    /** Carries out a start or restart the supervisor (or the runtime's start) ordered. */
    void carryOut(final ServerSlot.RestartOrder order) {
        final NewtRuntime runtime = slot.runtime;
        final Incarnation<S> old = slot.lifecycle.current;
        final long epoch = slot.lifecycle.newEpoch();
        final RecoveryPolicy policy = order.policy();
        StartReason reason = order.reason();
        final Launched<S> launched;
        try {
            final ServerSpec<S> spec = slot.spec;
            final S s;
            final Optional<Checkpoint> cp = runtime.store().latest(slot.name());
            if (reason == StartReason.FIRST_START || policy == RecoveryPolicy.FRESH || cp.isEmpty()) {
                s = spec.initialState();
                if (reason != StartReason.FIRST_START) {
                    reason = StartReason.RESTART_FRESH;
                }
            } else {
                s = runtime.decode(cp.get(), spec.stateType(), spec.partCodec());
            }
            slot.lifecycle.lostByRestore = lostByRestore(reason, cp);
            launched = launch(epoch, spec, s, reason,
                reason == StartReason.RESTART_REPLAY ? slot.replayLog : List.of(), slot.lifecycle.failing);
        } catch (Throwable t) {
            slot.lifecycle.startFailed(epoch, policy.label(), t.getClass().getSimpleName() + ": " + t.getMessage(),
                "restart failed: " + t.getMessage());
            return;
        }
        final Incarnation<S> inc = launched.inc();
        final long wasDownSince = slot.lifecycle.downSince;
        final Envelope failed = slot.lifecycle.failing;
        slot.lifecycle.becomeCurrent(inc);
        if (failed != null && failed.kind() == Kind.REPLY && failed != retriedReply
            && reason != StartReason.RESTART_FRESH) {
            retriedReply = failed;
            slot.serveFirst(failed);
        }
        if (order.reason() == StartReason.FIRST_START) {
            runtime.record(new ServerStarted(runtime.now(), slot.name(), epoch, reason.name()));
        } else {
            slot.lifecycle.restarts++;
            runtime.record(new ServerRestarted(runtime.now(), slot.name(), old == null ? 0 : old.epoch, epoch,
                policy.label(), runtime.now() - wasDownSince, launched.replayed(), launched.skipped()));
        }
        slot.checkpoints.checkpoint(inc);
        if (order.reason() != StartReason.FIRST_START) {
            runtime.notifyRequestersOf(slot, epoch);
        }
    }

    /**
     * @return the messages handled since the restored state was taken, which a restart from a
     *         checkpoint without replay loses (every message, for a fresh restart); 0 otherwise
     */
    private long lostByRestore(final StartReason reason, final Optional<Checkpoint> cp) {
        return switch (reason) {
            case RESTART_CHECKPOINT -> Math.max(0, slot.counters.handled() - cp.map(Checkpoint::handled).orElse(0L));
            case RESTART_FRESH -> slot.counters.handled();
            default -> 0;
        };
    }

    /**
     * Makes a new incarnation, replays {@code replay} into it with its sends suppressed (skipping
     * the message that failed), then runs its {@code onStart} on the replayed state. The replay
     * comes first because it must repeat what the dead incarnation did, which handled those
     * messages on the checkpoint's state as it was, not as a new {@code onStart} leaves it (tcp's
     * {@code onStart} re-arms timers and notes the calls to expect again); and {@code onStart}
     * must see the final state, so that it re-arms the timers the replay set and suppressed.
     *
     * @param skip the message the previous incarnation failed on, not replayed; or null
     */
    Launched<S> launch(final long epoch, final ServerSpec<S> version, final S initial, final StartReason reason,
                       final Iterable<ReplayLog.Entry> replay, final Envelope skip) throws Exception {
        final Incarnation<S> inc = new Incarnation<>(epoch, version.newServer(), slot);
        inc.ctx.messagesLost = slot.lifecycle.lostByRestore;
        slot.lifecycle.lostByRestore = 0;
        int replayed = 0;
        int skipped = 0;
        S s = initial;
        CurrentContext.set(inc.ctx);
        slot.lifecycle.starting = inc;
        try {
            inc.ctx.replaying = true;
            final long ids = slot.counters.correlationIds;
            for (ReplayLog.Entry l : replay) {
                if (l.envelope() == skip) {
                    skipped++;
                    continue;
                }
                slot.counters.correlationIds = l.correlationBase();
                inc.ctx.replayClock = l.clock();
                inc.ctx.currentKey = l.index();
                s = inc.dispatch(s, l.envelope());
                replayed++;
            }
            slot.counters.correlationIds = Math.max(ids, slot.counters.correlationIds);
            inc.ctx.replaying = false;
            s = inc.server.onStart(inc.ctx, s, reason);
        } finally {
            slot.lifecycle.starting = null;
            CurrentContext.set(null);
        }
        inc.state = s;
        return new Launched<>(inc, replayed, skipped);
    }
}
