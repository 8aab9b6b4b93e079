package dev.newt.core.server;

import dev.newt.core.message.Envelope;
import java.util.Optional;

/**
 * A server: a component that holds a state of type {@code S} and reacts to messages, in the manner
 * of an OTP {@code gen_server}. All methods are called on one thread at a time, the server's
 * worker, and reach the world only through the {@link ServerContext}.
 *
 * <p>The state must be serializable with Jackson (a record or a POJO): the runtime checkpoints it
 * outside the server so that it survives the server's death. A handler returns the state to keep:
 * a new record, or the same mutable object after changing it. If a handler throws, the state it
 * left behind is discarded and the supervisor recovers the server according to its policy.
 *
 * @param <S> the state type
 */
public interface Server<S> {

    /**
     * Called when an incarnation starts, before it handles any message: first start, restart or
     * update. Re-arm timers here; they do not survive an incarnation.
     *
     * @param ctx    the incarnation's context
     * @param state  the state to start from: initial, restored from a checkpoint, or transferred
     * @param reason why the incarnation starts
     * @return the state to run with
     * @throws Exception to fail the start, which the supervisor treats as a failed restart
     */
    default S onStart(final ServerContext ctx, final S state, final StartReason reason) throws Exception {
        return state;
    }

    /**
     * Handles one message: a one-way message, a request (answer it with
     * {@link ServerContext#reply}), a reply to one of this server's requests, or a timer.
     *
     * @param ctx     the incarnation's context
     * @param state   the current state
     * @param message the envelope to handle
     * @return the state after handling
     * @throws Exception a crash, detected and recovered by the supervisor
     */
    S handle(ServerContext ctx, S state, Envelope message) throws Exception;

    /**
     * Called when a server this one sent requests to was reincarnated before answering them.
     * The default resubmits every one of them to the new incarnation.
     *
     * @param ctx    the incarnation's context
     * @param state  the current state
     * @param notice the peer, its new epoch and the requests it took and never answered
     * @return the state after handling
     * @throws Exception a crash, as in {@link #handle}
     */
    default S onPeerRestarted(final ServerContext ctx, final S state, final PeerRestarted notice)
        throws Exception {
        notice.pending().forEach(ctx::resubmit);
        return state;
    }

    /**
     * Checks the state's own invariants. A violation counts as corruption: the supervisor kills the
     * incarnation and recovers it. Called after messages as the server's spec says, and always
     * before a checkpoint so that a corrupted state is never saved.
     *
     * @param state the state to check
     * @return a description of the first violated invariant, or empty when the state is sound
     */
    default Optional<String> audit(final S state) {
        return Optional.empty();
    }

    /**
     * The server's own safe point for a live update, such as "no handshake in progress". The
     * runtime asks it only between messages, on the server's worker, while an update waits to
     * quiesce the server; the update proceeds once it holds, and aborts if it does not hold before
     * the update's deadline. It must be quick and must not change the state.
     *
     * @param state the current state
     * @return whether the server may be stopped and its state transferred now; {@code true} by default
     */
    default boolean quiescent(final S state) {
        return true;
    }

    /**
     * Called once when the runtime closes while this incarnation is alive.
     *
     * @param ctx   the incarnation's context; sends are still possible but may not be delivered
     * @param state the current state
     */
    default void onStop(final ServerContext ctx, final S state) {
    }

    /**
     * Called once when a newer incarnation of this server has taken this one's place (a restart or
     * an update): this incarnation is never called again. It releases what the incarnation holds
     * outside its state (a process-isolated server's child JVM); it must not block nor send.
     */
    default void onSuperseded() {
    }
}
