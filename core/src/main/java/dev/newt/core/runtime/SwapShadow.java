package dev.newt.core.runtime;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.CurrentContext;
import dev.newt.core.server.ServerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A live update's new version running in a shadow beside the live one, on the server's worker: it
 * starts from a copy of the live state (transformed), then handles every message the live version
 * handles, right after it, with its sends, replies and timers suppressed as in a replay, the clock
 * and the random draws the live handler had. So when the switch comes, its code is warm (compiled
 * by the JIT, its classes loaded) and its state is the live state as the new version keeps it: the
 * switch starts the new version from it with nothing left to transfer. Its outputs may be compared
 * with the live version's, message by message ({@link ServerSwap.OutputCheck}).
 *
 * <p>Until its state is ready the messages the live version handles are buffered (a replay log
 * from the snapshot the state is made from) and handled first. Worker-only.
 */
final class SwapShadow {

    /** Where the shadow stands. */
    enum Phase { BUFFERING, RUNNING, DONE }

    private final ServerSlot<?> slot;
    /** The live incarnation's epoch when the snapshot was taken: a restart of the live version voids the shadow. */
    private final long liveEpoch;
    private final List<ReplayLog.Entry> buffered = new ArrayList<>();
    private Phase phase = Phase.BUFFERING;
    private Incarnation<Object> inc;
    private Object state;
    private ServerSwap.OutputCheck check;
    private long warmAfter;
    private long handled;
    /** The live version's outputs for the message at hand, when compared. */
    private final List<ServerSwap.Output> liveOut = new ArrayList<>();
    private final List<ServerSwap.Output> shadowOut = new ArrayList<>();

    /** What a shadow run came to, when not simply a message handled; REVOKED: its handler hung, the worker retires. */
    enum Event { NONE, WARM, FAILED, DIVERGED, VOID, REVOKED }

    /** The hang watch's stamp of the shadow's running handler, or -1: read by the supervisor. */
    private volatile long watchedSince = -1;
    /** The message the watched handler runs on and its index, written before the stamp. */
    private Envelope watchedOn;
    private long watchedIndex;

    /** The outcome of the last step: an event and, for a failure or divergence, what happened. */
    private String problem = "";

    SwapShadow(final ServerSlot<?> slot) {
        this.slot = slot;
        this.liveEpoch = slot.lifecycle.epoch();
    }

    Phase phase() {
        return phase;
    }

    long handled() {
        return handled;
    }

    String problem() {
        return problem;
    }

    /** @return the live version's output list to fill for the next message, or null when outputs are not compared */
    List<ServerSwap.Output> liveOutputs() {
        if (phase != Phase.RUNNING || check == null) {
            return null;
        }
        liveOut.clear();
        return liveOut;
    }

    /** @return the shadow's state if it is the live state as the new version keeps it (the live version never restarted since) */
    Object usableState() {
        return phase == Phase.RUNNING && slot.lifecycle.epoch() == liveEpoch ? state : null;
    }

    void end() {
        phase = Phase.DONE;
        buffered.clear();
        inc = null;
        state = null;
    }

    /**
     * Starts the shadow: a new server object of {@code next} on {@code initial}, which then handles
     * the messages buffered since the snapshot.
     */
    @SuppressWarnings("unchecked")
    Event start(final ServerSpec<?> next, final Object initial, final long warmMessages,
                final ServerSwap.OutputCheck outputCheck) {
        if (phase != Phase.BUFFERING) {
            return Event.NONE;
        }
        try {
            inc = new Incarnation<>(liveEpoch, (dev.newt.core.server.Server<Object>) next.newServer(),
                (ServerSlot<Object>) slot);
        } catch (Throwable t) {
            return fail("its server object could not be made: " + t);
        }
        inc.ctx.replaying = true;
        inc.ctx.shadow = true;
        state = initial;
        warmAfter = warmMessages;
        phase = Phase.RUNNING;
        // The buffered messages' outputs were not noted: compared only from here on.
        for (ReplayLog.Entry e : buffered) {
            final Event ev = handle(e.envelope(), e.index(), e.correlationBase(), e.clock());
            if (ev != Event.NONE && ev != Event.WARM) {
                return ev;
            }
        }
        buffered.clear();
        check = outputCheck;
        return handled >= warmAfter ? Event.WARM : Event.NONE;
    }

    /**
     * After the live version handled {@code e}: buffers it, or hands it to the shadow and compares
     * the outputs.
     *
     * @param corrBase the slot's correlation counter before the live handler ran
     * @param clock    the clock as the live handler's batch began
     */
    Event afterLive(final Envelope e, final long index, final long corrBase, final long clock) {
        switch (phase) {
            case BUFFERING -> {
                if (slot.lifecycle.epoch() != liveEpoch) {
                    return voided();
                }
                buffered.add(new ReplayLog.Entry(e, index, corrBase, clock));
                return Event.NONE;
            }
            case RUNNING -> {
                if (slot.lifecycle.epoch() != liveEpoch) {
                    return voided();
                }
                return handle(e, index, corrBase, clock);
            }
            default -> {
                return Event.NONE;
            }
        }
    }

    private Event voided() {
        problem = "the live version restarted during the shadow run";
        end();
        return Event.VOID;
    }

    /**
     * The supervisor found the handler stamped {@code start} hung: if it is this shadow's, it is
     * revoked (a hang that waits for its revocation returns; a real loop keeps its thread, which
     * retires if it ever returns and touches nothing).
     *
     * @return whether the hung handler was this shadow's
     */
    boolean revokeIfWatchedSince(final long start) {
        if (start < 0 || watchedSince != start) {
            return false;
        }
        final Incarnation<Object> i = inc;
        if (i != null) {
            i.revoked = true;
        }
        problem = "it hung: its handler ran past the hang deadline on message #" + watchedIndex + " ("
            + describe(watchedOn) + "); its worker was replaced";
        return true;
    }

    private Event handle(final Envelope e, final long index, final long corrBase, final long clock) {
        final Incarnation<Object> inc = this.inc;
        final long ids = slot.counters.correlationIds;
        slot.counters.correlationIds = corrBase;
        inc.ctx.replayClock = clock;
        inc.ctx.currentKey = index;
        final boolean compare = check != null;
        if (compare) {
            shadowOut.clear();
            inc.ctx.outputs = shadowOut;
        }
        // Watched as a handler of its own, stamped after the live one's (which the supervisor may
        // still hold): a hang here revokes the shadow, not the live version.
        watchedOn = e;
        watchedIndex = index;
        final long stamp = Math.max(slot.now(), clock + 1);
        watchedSince = stamp;
        final boolean watched = slot.enterWatch(stamp);
        Object next = null;
        Throwable thrown = null;
        CurrentContext.set(inc.ctx);
        try {
            next = inc.dispatch(state, e);
        } catch (Throwable t) {
            thrown = t;
        } finally {
            CurrentContext.set(null);
            inc.ctx.outputs = null;
        }
        if (!slot.leaveWatch(watched)) {
            return Event.REVOKED;
        }
        watchedSince = -1;
        slot.counters.correlationIds = ids;
        if (thrown != null) {
            return fail("it threw " + thrown.getClass().getSimpleName() + ": " + thrown.getMessage() + " on message #"
                + index + " (" + describe(e) + ")");
        }
        state = next;
        handled++;
        if (compare) {
            final String diff;
            try {
                diff = check.differs(e, List.copyOf(liveOut), List.copyOf(shadowOut));
            } catch (RuntimeException x) {
                return fail("the output check threw " + x);
            }
            if (diff != null) {
                problem = "message #" + index + " (" + describe(e) + "): " + diff;
                end();
                return Event.DIVERGED;
            }
        }
        return handled == warmAfter ? Event.WARM : Event.NONE;
    }

    private Event fail(final String why) {
        problem = why;
        end();
        return Event.FAILED;
    }

    /** @return a message as the event log names it: kind, sender, correlation id and payload type */
    static String describe(final Envelope e) {
        final String payload = String.valueOf(e.payload());
        return e.kind().name().toLowerCase(java.util.Locale.ROOT) + " from " + e.from()
            + (e.correlationId() != 0 ? " #" + e.correlationId() : "") + ": "
            + (payload.length() > 120 ? payload.substring(0, 120) + "..." : payload);
    }
}
