package dev.newt.core.runtime;

import dev.newt.core.event.CheckpointFailed;
import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.PartCodec;
import dev.newt.core.store.PartLog;
import dev.newt.core.store.StateCodecException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A slot's audits and checkpoints, on its worker: after every message the audit if due, then the
 * checkpoint if due (every N messages, or when the handler asked). The audit comes first, so that
 * a corrupted state is never saved; a checkpoint makes the replay log before it obsolete.
 *
 * <p>What a checkpoint costs follows what changed. A due checkpoint is skipped when every message
 * since the last one promised to leave the state unchanged ({@code ServerContext.stateUnchanged}).
 * A server with a {@link PartCodec} has its root re-encoded and only the parts its handlers marked
 * ({@code ServerContext.partChanged}), appended as a delta to the previous checkpoint's
 * {@link PartLog}; the first checkpoint of every incarnation is a whole base.
 *
 * <p>A due checkpoint may also wait while the messages since the last one changed only minor
 * things ({@code ServerContext.minorChange}: counters and the like), for at most the policy's
 * {@code minorWait} such messages; the next message that changes more (or the last one the wait
 * allows) takes it, with the minor changes. The audit that would have preceded it still runs, so
 * a corruption is detected when it was before; the replay log keeps the waiting messages.
 */
final class Checkpointing<S> {
    private final ServerSlot<S> slot;
    private int sinceCheckpoint;
    private int sinceAudit;
    /** Whether a message since the last checkpoint may have changed the state. */
    private boolean changed = true;
    /** Messages since the last checkpoint that changed only minor things. */
    private int minorSince;
    /** Parts marked changed since the last checkpoint. */
    private final Set<Long> dirty = new HashSet<>();
    /** The parts of this incarnation's last checkpoint; null: the next one is a whole base. */
    private PartLog parts;

    Checkpointing(final ServerSlot<S> slot) {
        this.slot = slot;
    }

    /** Counts afresh, for a new incarnation: its first checkpoint is whole. */
    void reset() {
        sinceCheckpoint = 0;
        sinceAudit = 0;
        changed = true;
        minorSince = 0;
        dirty.clear();
        parts = null;
    }

    /** @param key a part the current handler changed, added or removed */
    void partChanged(final long key) {
        dirty.add(key);
    }

    void afterMessage(final Incarnation<S> inc) {
        if (inc.ctx.minor) {
            minorSince++;
        } else if (!inc.ctx.unchanged) {
            changed = true;
        }
        inc.ctx.unchanged = false;
        inc.ctx.minor = false;
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
            if (!changed && !inc.ctx.checkpointRequested) {
                if (minorSince == 0) {
                    // Nothing to save: the stored checkpoint is the state. The replay log holds only
                    // messages that changed nothing, so it may go too.
                    sinceCheckpoint = 0;
                    slot.replayLog.clear();
                    return;
                }
                if (minorSince < slot.spec.checkpoints().minorWait()) {
                    // Only minor changes since: the checkpoint waits for a message that changes more.
                    // Its audit does not, so that a corruption is detected when it was before.
                    audit(inc);
                    return;
                }
            }
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
            slot.lifecycle.fail(inc, null, e, "audit");
            return false;
        }
        if (violation.isPresent()) {
            slot.runtime.record(new CorruptionDetected(slot.runtime.now(), slot.name(), inc.epoch, violation.get()));
            slot.lifecycle.died(inc, null, "corruption: " + violation.get());
            return false;
        }
        return true;
    }

    /** Audits the state and, if it passes, stores it as the server's latest checkpoint. */
    void checkpoint(final Incarnation<S> inc) {
        inc.ctx.unchanged = false;
        if (!audit(inc)) {
            return;
        }
        final PartCodec<S> codec = slot.spec.partCodec();
        try {
            if (codec == null) {
                store(inc.epoch, slot.runtime.codec().encode(slot.name(), inc.state));
            } else {
                storeParts(inc, codec);
            }
            sinceCheckpoint = 0;
            changed = false;
            minorSince = 0;
        } catch (StateCodecException e) {
            slot.runtime.record(new CheckpointFailed(slot.runtime.now(), slot.name(), inc.epoch, e.getMessage()));
        } catch (RuntimeException e) {
            slot.runtime.record(new CheckpointFailed(slot.runtime.now(), slot.name(), inc.epoch,
                "cannot serialize state of '" + slot.name() + "' by parts: " + e));
        }
    }

    private void storeParts(final Incarnation<S> inc, final PartCodec<S> codec) {
        final S s = inc.state;
        final byte[] root = codec.encodeRoot(s);
        final PartLog next;
        if (parts == null) {
            final Map<Long, byte[]> all = new HashMap<>();
            for (long k : codec.partKeys(s)) {
                all.put(k, codec.encodePart(s, k));
            }
            next = PartLog.base(all);
        } else {
            final Map<Long, byte[]> delta = new HashMap<>(dirty.size() * 2);
            for (long k : dirty) {
                delta.put(k, codec.encodePart(s, k));
            }
            next = parts.append(delta);
        }
        slot.runtime.store().put(new Checkpoint(slot.name(), inc.epoch, slot.runtime.now(), slot.counters.handled, root, next));
        slot.replayLog.clear();
        parts = next;
        dirty.clear();
    }

    /**
     * The state by parts as it is now, without storing it or forgetting the marks: the previous
     * checkpoint's parts with the marked ones re-encoded (what the next checkpoint would store).
     * For a live update held at its safe point: costs the parts changed since, not the state.
     */
    Checkpoint current(final Incarnation<S> inc, final PartCodec<S> codec) {
        final S s = inc.state;
        final PartLog now;
        if (parts == null) {
            final Map<Long, byte[]> all = new HashMap<>();
            for (long k : codec.partKeys(s)) {
                all.put(k, codec.encodePart(s, k));
            }
            now = PartLog.base(all);
        } else {
            final Map<Long, byte[]> delta = new HashMap<>(dirty.size() * 2);
            for (long k : dirty) {
                delta.put(k, codec.encodePart(s, k));
            }
            now = parts.append(delta);
        }
        return new Checkpoint(slot.name(), inc.epoch, slot.runtime.now(), slot.counters.handled, codec.encodeRoot(s), now);
    }

    /** Stores {@code held} (taken by parts) as the checkpoint of {@code epoch}: the replay log before it is obsolete. */
    void store(final long epoch, final Checkpoint held) {
        slot.runtime.store().put(new Checkpoint(slot.name(), epoch, slot.runtime.now(), slot.counters.handled,
            held.state(), held.parts()));
        slot.replayLog.clear();
        parts = null;
        minorSince = 0;
    }

    /** Stores {@code state} as the checkpoint of {@code epoch}: the replay log before it is obsolete. */
    void store(final long epoch, final byte[] state) {
        slot.runtime.store().put(new Checkpoint(slot.name(), epoch, slot.runtime.now(), slot.counters.handled, state));
        slot.replayLog.clear();
        parts = null;
        minorSince = 0;
    }
}
