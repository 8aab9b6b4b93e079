package dev.newt.core.mailbox;

import dev.newt.core.message.Envelope;
import java.util.function.Consumer;

/**
 * A bounded queue of envelopes with many producers and a single consumer: the server that owns it.
 *
 * <p>Full and empty are return values, never exceptions and never silent drops: {@link #offer}
 * returns {@code false} when the mailbox is full, and the sender decides what back-pressure
 * means for it. Only the owning server's worker may call {@link #poll} and {@link #drain}.
 */
public interface Mailbox {

    /**
     * Enqueues an envelope if there is room; callable from any thread.
     *
     * @param envelope to enqueue, not {@code null}
     * @return {@code true} if enqueued, {@code false} if the mailbox is full
     */
    boolean offer(Envelope envelope);

    /** @return the oldest envelope, or {@code null} when empty; consumer thread only */
    Envelope poll();

    /**
     * Hands up to {@code limit} envelopes to {@code consumer}, oldest first; consumer thread only.
     *
     * @param consumer to receive the envelopes
     * @param limit    most envelopes to hand over
     * @return how many envelopes were handed over
     */
    int drain(Consumer<Envelope> consumer, int limit);

    /** @return an estimate of the number of queued envelopes */
    int size();

    /** @return whether the mailbox looks empty (exact on the consumer thread) */
    boolean isEmpty();

    /** @return the most envelopes the mailbox holds */
    int capacity();
}
