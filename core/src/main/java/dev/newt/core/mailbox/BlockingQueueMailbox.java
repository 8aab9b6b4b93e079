package dev.newt.core.mailbox;

import dev.newt.core.message.Envelope;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;

/**
 * A mailbox on {@link ArrayBlockingQueue}: locked rather than lock-free. It is the baseline the
 * benchmarks compare the runtime's mailbox against, and a second implementation of the contract.
 */
public final class BlockingQueueMailbox implements Mailbox {
    private final ArrayBlockingQueue<Envelope> queue;

    /** @param capacity most envelopes held; at least 1 */
    public BlockingQueueMailbox(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("mailbox capacity must be at least 1, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(final Envelope envelope) {
        return queue.offer(Objects.requireNonNull(envelope, "envelope"));
    }

    @Override
    public Envelope poll() {
        return queue.poll();
    }

    @Override
    public int drain(final Consumer<Envelope> consumer, final int limit) {
        int n = 0;
        Envelope e;
        while (n < limit && (e = queue.poll()) != null) {
            consumer.accept(e);
            n++;
        }
        return n;
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public int capacity() {
        return queue.remainingCapacity() + queue.size();
    }
}
