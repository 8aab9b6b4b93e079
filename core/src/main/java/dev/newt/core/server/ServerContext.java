package dev.newt.core.server;

import dev.newt.core.event.Event;
import dev.newt.core.message.Envelope;
import dev.newt.core.time.TimerHandle;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Everything a server may do to the world, given to it by the runtime for one incarnation. A
 * server never reads {@code System.nanoTime()} or makes its own {@code Random}: time and randomness
 * come from here, so a simulated run is reproducible from its seed.
 *
 * <p>A context belongs to one incarnation. Once the supervisor has declared that incarnation dead
 * (it hung and was revoked), its sends are fenced off and recorded as events.
 */
public interface ServerContext {

    /** @return this server's name */
    String name();

    /** @return this incarnation's epoch: 1 for the first start, one more for every restart */
    long epoch();

    /**
     * Sends a one-way message.
     *
     * @param to      the receiving server or client
     * @param payload an immutable message
     * @return {@code true} if it was enqueued; {@code false} if the receiver's mailbox is full
     *         (back-pressure: nothing was enqueued) or this incarnation was fenced off
     * @throws IllegalArgumentException if no endpoint has that name
     */
    boolean send(String to, Object payload);

    /**
     * Sends a request; the reply comes back to {@link Server#handle} as a {@code REPLY} envelope with
     * the same correlation id. The runtime keeps the request until its reply arrives.
     *
     * @param to      the receiving server
     * @param payload an immutable message
     * @return the correlation id, or empty if the receiver's mailbox was full (nothing was sent)
     */
    OptionalLong request(String to, Object payload);

    /**
     * Answers a request. Replies bypass the bound of the requester's mailbox, since the requester
     * bounded them itself by the requests it made.
     *
     * @param request the request envelope being answered
     * @param payload an immutable answer
     */
    void reply(Envelope request, Object payload);

    /**
     * @param request a request envelope
     * @return where its answer goes, as data the server may keep in its state to answer later
     */
    ReplyTo replyTo(Envelope request);

    /**
     * Answers a request later, from a {@link ReplyTo} kept in the state.
     *
     * @param to      where the answer goes
     * @param payload an immutable answer
     */
    void reply(ReplyTo to, Object payload);

    /**
     * Sends a request again, with the same correlation id, to the current incarnation of its
     * receiver; for use from {@link Server#onPeerRestarted}.
     *
     * @param request a request from a {@link PeerRestarted} notice
     * @return whether it was enqueued
     */
    boolean resubmit(PendingRequest request);

    /**
     * Delivers {@code payload} to this server as a {@code TIMER} envelope after {@code delay} on the
     * runtime clock. Timers belong to the incarnation: they do not fire after it dies.
     *
     * @param delay   how long from now
     * @param payload what the timer envelope carries
     * @return a handle to cancel the timer
     */
    TimerHandle setTimer(Duration delay, Object payload);

    /** @return the runtime clock, in nanoseconds since the runtime started */
    long now();

    /** @return this incarnation's random source, seeded from the runtime seed, name and epoch */
    RandomGenerator random();

    /**
     * Records an event in the runtime's event log (for example a workload metric).
     *
     * @param event the event, stamped with {@link #now()} by its producer
     */
    void emit(Event event);

    /** Asks for a checkpoint of the state as it stands after the current handler returns. */
    void checkpoint();

    /**
     * Tells the runtime that the current handler changed, added or removed part {@code key} of the
     * state, for a server checkpointed by parts ({@code ServerSpec.withPartCodec}): the next
     * checkpoint re-encodes that part, and keeps the bytes of the previous one for every part not
     * marked since. A handler must mark every part it may have changed; marking one it did not change
     * costs an encoding, nothing else. Without a part codec it does nothing.
     *
     * @param key the part's key, as the state's {@code PartCodec} names it
     */
    void partChanged(long key);

    /**
     * Promises that the current handler left the state exactly as it found it, so that a checkpoint
     * due after this message may be skipped when no message changed the state since the last one
     * (a state that did not change costs no serialization). The audit still runs on its schedule on
     * the live state. A handler that calls this and changed the state loses that change on a restore.
     */
    void stateUnchanged();

    /**
     * Says that the current handler changed only what the server accepts to lose a little of on a
     * restore from a checkpoint: counters, and values of the same kind (a last-seen time, the next
     * IP identification). A checkpoint due after this message may then wait, for at most
     * {@link CheckpointPolicy#minorWait()} messages that all say so, for the next message that
     * changes more, and is taken with it; the audit still runs where the checkpoint would have.
     * Under {@code checkpoint+replay} nothing is lost (the messages waiting stay in the replay
     * log); under {@code checkpoint} a restore lacks what up to {@code minorWait} such messages
     * changed, and {@link #messagesLost()} counts them. Without a {@code minorWait} in the spec's
     * policy, or in a composite, it does nothing: every change is checkpointed as before.
     */
    default void minorChange() {
    }

    /** @return whether the runtime is replaying logged messages into this incarnation */
    boolean replaying();

    /** @return whether this incarnation was revoked by the supervisor and should stop at once */
    boolean revoked();

    /** @return whether the executor is the simulated one (a hang must then not block the thread) */
    boolean simulated();

    /**
     * @return what the runtime owns for its servers outside their state ({@code NewtRuntime.resources()});
     *         a context with no runtime behind it (a rehearsal, a child process) gives an empty set
     *         of its own, so what a server finds there is what it put there
     */
    default RuntimeResources resources() {
        return new RuntimeResources();
    }

    /**
     * How many messages earlier incarnations handled whose effects the state this incarnation
     * started from lacks, besides the message the previous one failed on: after a restart from a
     * checkpoint ({@link StartReason#RESTART_CHECKPOINT}), the messages handled after that
     * checkpoint was taken; after a fresh restart, every message handled before; 0 after a first
     * start, a replay (which rebuilt them) or a live update. A server restored from a stale
     * checkpoint uses it to drop what it cannot resume consistently (tcp resets its connections).
     *
     * @return the messages lost by the restore, constant over the incarnation
     */
    default long messagesLost() {
        return 0;
    }

    /**
     * A view of this context that speaks as one of the server's aliases (see
     * {@link ServerSpec#withAliases}): its {@code send}, {@code request}, {@code reply} and
     * {@code resubmit} carry {@code from = alias}, and its {@link #name()} is the alias; everything
     * else is this context's. Requests sent through it are tracked as this server's own, and their
     * replies, addressed to the alias, reach this server with {@code Envelope.to()} equal to it.
     *
     * @param alias one of this server's aliases, or its own name (which gives this context)
     * @return the view
     * @throws IllegalArgumentException if {@code alias} is neither this server's name nor one of its aliases
     */
    default ServerContext as(final String alias) {
        if (name().equals(alias)) {
            return this;
        }
        throw new IllegalArgumentException("server '" + name() + "' has no alias '" + alias + "'");
    }

    /**
     * Reports that this incarnation died outside any handler, for example that the process it ran
     * in exited or stopped heart-beating. Callable from any thread: the server's worker, between
     * messages, fails the incarnation as a crash ({@code crashed}, with {@code cause}) if it is still
     * the running one, and the supervisor recovers it as any other crash; otherwise nothing happens.
     *
     * @param cause why it died
     */
    default void failOutside(final Throwable cause) {
        throw new UnsupportedOperationException("server '" + name() + "': this context cannot fail outside a handler");
    }

    /**
     * @return the context of the incarnation whose handler runs on the calling thread
     * @throws IllegalStateException outside a handler
     */
    static ServerContext current() {
        final ServerContext ctx = CurrentContext.HOLDER.get();
        if (ctx == null) {
            throw new IllegalStateException("no server handler is running on thread "
                + Thread.currentThread().getName());
        }
        return ctx;
    }
}
