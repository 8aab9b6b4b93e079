package dev.newt.core.runtime;

import dev.newt.core.event.CheckpointFailed;
import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.StateCodecException;
import java.util.Optional;

/**
 * A slot's audits and checkpoints, on its worker: after every message the audit if due, then the
 * checkpoint if due (every N messages, or when the handler asked). The audit comes first, so that
 * a corrupted state is never saved; a checkpoint makes the replay log before it obsolete.
 */
final class Checkpointing<S> {
    private final ServerSlot<S> slot;
    private int sinceCheckpoint;
    private int sinceAudit;

    Checkpointing(final ServerSlot<S> slot) {
        this.slot = slot;
    }

    /** Counts afresh, for a new incarnation. */
    void reset() {
        sinceCheckpoint = 0;
        sinceAudit = 0;
    }

    void afterMessage(final Incarnation<S> inc) {
        final int auditEvery = slot.spec.auditEveryMessages();
        if (auditEvery > 0 && ++sinceAudit >= auditEvery) {
            sinceAudit = 0;
            if (!audit(inc)) {
                return;
            }
        }
        final int every = slot.spec.checkpoints().everyMessages();
        sinceCheckpoint++;
        if (inc.ctx.checkpointRequested || (every > 0 && sinceCheckpoint >= every)) {
            inc.ctx.checkpointRequested = false;
            checkpoint(inc);
        }
    }

    /** @return whether the state passed its audit; if not, the incarnation is dead */
    private boolean audit(final Incarnation<S> inc) {
        final Optional<String> violation;
        try {
            violation = inc.server.audit(inc.state);
        } catch (RuntimeException e) {
            slot.fail(inc, null, e, "audit");
            return false;
        }
        if (violation.isPresent()) {
            slot.runtime.record(new CorruptionDetected(slot.runtime.now(), slot.name(), inc.epoch, violation.get()));
            slot.died(inc, null, "corruption: " + violation.get());
            return false;
        }
        return true;
    }

    /** Audits the state and, if it passes, stores it as the server's latest checkpoint. */
    void checkpoint(final Incarnation<S> inc) {
        if (!audit(inc)) {
            return;
        }
        try {
            store(inc.epoch, slot.runtime.codec().encode(slot.name(), inc.state));
            sinceCheckpoint = 0;
        } catch (StateCodecException e) {
            slot.runtime.record(new CheckpointFailed(slot.runtime.now(), slot.name(), inc.epoch, e.getMessage()));
        }
    }

    /** Stores {@code state} as the checkpoint of {@code epoch}: the replay log before it is obsolete. */
    void store(final long epoch, final byte[] state) {
        slot.runtime.store().put(new Checkpoint(slot.name(), epoch, slot.runtime.now(), slot.counters.handled, state));
        slot.replayLog.clear();
    }
}
