package dev.newt.core.runtime;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.store.Checkpoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One live update of one server, as the runtime carries it out: the mechanism under the update
 * manager, which drives it step by step. Every step is a command queued to the server's own
 * worker and carried out there, between two messages, as Agrona's composite agent swaps a worker
 * on its own duty cycle; each reports back to the {@link Listener} on that worker. Commands may be
 * given from any thread; they are carried out in the order given. The update's state and steps
 * live in its {@link SwapProtocol}, not in the slot: the slot only suspends, replaces and resumes
 * incarnations when told, and asks the update whether a failure is its to handle.
 *
 * <ol>
 *   <li>{@link #hold()}: the server stops at its next safe point (between messages, and its
 *       {@code quiescent(state)} holds) and stays there; its state, encoded as a checkpoint, goes to
 *       {@link Listener#held}. Messages arriving meanwhile wait in its mailbox.</li>
 *   <li>{@link #start}: a new incarnation of the new version starts with the given state, still
 *       held; or {@link #release()}: the old version goes on, untouched.</li>
 *   <li>{@link #resume()}: the new version serves the waiting messages, on probation: if it
 *       crashes, hangs or fails its audit, the supervisor does not restart it but reports to
 *       {@link Listener#failed}.</li>
 *   <li>{@link #commit()}; or {@link #rollBack()}: the old version restarts from the checkpoint
 *       taken at the safe point, the messages the new version handled are replayed into it (sends,
 *       replies and timers suppressed, as after a crash under {@code checkpoint+replay}), and the
 *       message the new version failed on, if any, is served by the old one.</li>
 * </ol>
 *
 * <p>Before {@link #hold()}, an update may warm the new version in a shadow:
 * {@link #shadowSnapshot()} takes the state between two messages and keeps what the server handles
 * from then on, {@link #startShadow} runs the new version beside the live one on a copy of that
 * state (outputs discarded, or compared by an {@link OutputCheck}), and when the server is held the
 * shadow's state is the new version's ({@link #shadowState()}).
 */
public final class ServerSwap {

    /**
     * One output of a handler, noted while a shadow's outputs are compared with the live version's.
     *
     * @param kind    {@code MESSAGE} (a send), {@code REQUEST} or {@code REPLY}
     * @param from    the name it was sent as (the server's, or one of its aliases)
     * @param to      its receiver
     * @param payload what was sent
     */
    public record Output(Envelope.Kind kind, String from, String to, Object payload) {
    }

    /** Compares what the live version and its shadow sent for the same message; called on the server's worker. */
    @FunctionalInterface
    public interface OutputCheck {
        /**
         * @param message the message both handled
         * @param live    what the live version sent, in order
         * @param shadow  what the shadow would have sent, in order
         * @return null when they agree under the rule; else what differs first
         */
        String differs(Envelope message, List<Output> live, List<Output> shadow);
    }

    /** How a shadow run ended before the server was held. */
    public enum ShadowEnd {
        /** The new version threw (or hung, simulated) on a message the live version handled. */
        FAILED,
        /** Its outputs differed from the live version's under the check. */
        DIVERGED,
        /** The live version restarted meanwhile: the shadow's state no longer follows it. */
        VOID
    }

    /**
     * Hears how a swap goes; called on the server's worker (or, for a hang, the supervisor's
     * thread). Implementations must be quick and must not block: the server does not serve meanwhile.
     */
    public interface Listener {

        /**
         * The server is held at a safe point.
         *
         * @param swap       the swap
         * @param checkpoint its state as the runtime's codec writes it: the state to roll back to
         */
        void held(ServerSwap swap, byte[] checkpoint);

        /**
         * The server, checkpointed by parts, is held at a safe point. By default the whole-state
         * encoding is materialised and given to {@link #held}; a listener that copies state part
         * by part (a pre-copying update) takes the parts as they are.
         *
         * @param swap       the swap
         * @param checkpoint its state by parts (root and parts) as at the safe point: the state to roll back to
         * @param whole      materialises the whole-state encoding, as {@link #held} would get it
         */
        default void heldByParts(ServerSwap swap, Checkpoint checkpoint, Supplier<byte[]> whole) {
            held(swap, whole.get());
        }

        /**
         * The server's state by parts as it was between two messages, for a pre-copy round; the
         * server was not held.
         *
         * @param swap  the swap
         * @param state its state by parts, or null when it is not running or not checkpointed by parts
         */
        default void snapshot(ServerSwap swap, Checkpoint state) {
        }

        /**
         * The server's state as it was between two messages, from which a shadow of the new version
         * is to be made ({@link ServerSwap#shadowSnapshot()}); from then on the messages it handles
         * are kept for the shadow.
         *
         * @param swap  the swap
         * @param state by parts when the server is checkpointed so, else whole; null when it is not running
         */
        default void shadowSnapshot(ServerSwap swap, Checkpoint state) {
        }

        /**
         * The shadow handled as many messages as asked for: its code is warm.
         *
         * @param swap    the swap
         * @param handled the messages it handled
         */
        default void shadowWarm(ServerSwap swap, long handled) {
        }

        /**
         * The shadow ended before the server was held.
         *
         * @param swap    the swap
         * @param end     why
         * @param handled messages it handled
         * @param problem what happened, naming the message for a failure or a divergence
         */
        default void shadowEnded(ServerSwap swap, ShadowEnd end, long handled, String problem) {
        }

        /** The new version started and is held. @param swap the swap */
        void started(ServerSwap swap);

        /** The new version serves, on probation. @param swap the swap */
        void resumed(ServerSwap swap);

        /**
         * A step failed.
         *
         * @param swap   the swap
         * @param stage  {@code quiesce} (the server cannot be held), {@code start} (the new version
         *               did not start) or {@code probation} (it crashed, hung or failed its audit)
         * @param reason what happened
         */
        void failed(ServerSwap swap, String stage, String reason);

        /**
         * The old version serves again.
         *
         * @param swap     the swap
         * @param switched whether the new version had started (if not, the old incarnation was
         *                 simply released)
         * @param replayed messages the new version handled that were replayed into the old one
         * @param problem  empty, or why the old version could not be restored exactly (the
         *                 supervisor then restarts it from the checkpoint taken at the safe point)
         */
        void rolledBack(ServerSwap swap, boolean switched, int replayed, String problem);
    }

    private final ServerSlot<?> slot;
    /** The update's own state and steps, carried out on the server's worker. */
    private final SwapProtocol protocol;

    ServerSwap(final ServerSlot<?> slot, final Listener listener) {
        this.slot = slot;
        this.protocol = new SwapProtocol(this, slot, Objects.requireNonNull(listener, "listener"));
    }

    /** @return the server's name */
    public String server() {
        return slot.name();
    }

    /** @return the spec the server ran when it was held, or null before; the version a rollback restores */
    public ServerSpec<?> oldVersion() {
        return protocol.oldSpec();
    }

    /** Asks the server to stop at its next safe point; {@link Listener#held} or {@link Listener#failed} follows. */
    public void hold() {
        slot.command(protocol::hold);
    }

    /**
     * Asks for the server's state by parts as it is now, taken on its worker between two messages
     * without holding it (the parts marked since its last checkpoint re-encoded, nothing stored);
     * {@link Listener#snapshot} follows. For pre-copy rounds before {@link #hold()}.
     */
    public void snapshot() {
        slot.command(() -> protocol.snapshot());
    }

    /**
     * Asks for the server's state as it is now, between two messages, without holding it;
     * {@link Listener#shadowSnapshot} follows, and the messages the server handles from then on are
     * kept for a shadow of the new version ({@link #startShadow}).
     */
    public void shadowSnapshot() {
        slot.command(protocol::shadowSnapshot);
    }

    /**
     * Starts the new version in a shadow on {@code state} (the snapshot's state, transformed): it
     * handles the messages kept since the snapshot, then every message the live version handles,
     * its outputs discarded (and compared by {@code check}, if given). {@link Listener#shadowWarm}
     * follows after {@code warmMessages}, {@link Listener#shadowEnded} on a failure or divergence.
     * When the server is then held, the shadow's state is the new version's ({@link #shadowState()}).
     *
     * @param next         the new version
     * @param state        its state at the snapshot, an object of {@code next.stateType()}
     * @param warmMessages messages after which the shadow is warm
     * @param check        compares outputs, or null
     */
    public void startShadow(final ServerSpec<?> next, final Object state, final long warmMessages,
                            final OutputCheck check) {
        slot.command(() -> protocol.startShadow(next, state, warmMessages, check));
    }

    /**
     * @return the shadow's state when the server was held: the live state as the new version keeps
     *         it; empty without a shadow, or one that ended. Read after {@link Listener#held}
     */
    public Optional<Object> shadowState() {
        return Optional.ofNullable(protocol.shadowAtHold());
    }

    /** @return the messages the shadow handled, up to the hold */
    public long shadowHandled() {
        return protocol.shadowHandled();
    }

    /** Gives up the swap before a new version started: the old version goes on untouched. */
    public void release() {
        slot.command(protocol::rollBack);
    }

    /**
     * Starts the new version with {@code state}, still held; {@link Listener#started} or
     * {@link Listener#failed} follows.
     *
     * @param next  the new version: same name, aliases and mailbox capacity as the running spec
     * @param state its initial state, an object of {@code next.stateType()}
     * @throws IllegalArgumentException naming the server and the setting when {@code next} cannot
     *                                  replace the running spec, or the state has the wrong class
     */
    public void start(final ServerSpec<?> next, final Object state) {
        final String problem = whyNot(slot.spec, next).orElse(!next.stateType().isInstance(state)
            ? "the state given is a " + (state == null ? "null" : state.getClass().getName()) + ", not its "
                + next.stateType().getName() : null);
        if (problem != null) {
            throw new IllegalArgumentException("server '" + slot.name() + "': the new version cannot replace "
                + "the running one: " + problem);
        }
        slot.command(() -> protocol.startNewVersion(next, state));
    }

    /**
     * @param running the spec a server runs with
     * @param next    a new version for it
     * @return why {@code next} cannot replace {@code running} in the same slot: another name, other
     *         aliases (registered as endpoints) or another mailbox capacity (the mailbox stays); or empty
     */
    public static Optional<String> whyNot(final ServerSpec<?> running, final ServerSpec<?> next) {
        if (!next.name().equals(running.name())) {
            return Optional.of("its name is '" + next.name() + "', not '" + running.name() + "'");
        }
        if (!next.aliases().equals(running.aliases())) {
            return Optional.of("its aliases " + next.aliases() + " differ from the running " + running.aliases());
        }
        if (next.mailboxCapacity() != running.mailboxCapacity()) {
            return Optional.of("its mailbox capacity " + next.mailboxCapacity() + " differs from the running "
                + running.mailboxCapacity());
        }
        return Optional.empty();
    }

    /** Lets the started new version serve, on probation; {@link Listener#resumed} follows. */
    public void resume() {
        slot.command(protocol::resume);
    }

    /** Ends the probation: from now on a failure of the new version is an ordinary failure. */
    public void commit() {
        slot.command(protocol::commit);
    }

    /** Restores the old version; {@link Listener#rolledBack} follows. */
    public void rollBack() {
        slot.command(protocol::rollBack);
    }
}
