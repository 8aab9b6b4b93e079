package dev.newt.core.mailbox;

import dev.newt.core.message.Envelope;
import java.util.Objects;
import java.util.function.Consumer;
import org.jctools.queues.MpscArrayQueue;

/** The runtime's mailbox: a lock-free bounded multi-producer single-consumer array queue (JCTools). */
public final class MpscMailbox implements Mailbox {
    private final MpscArrayQueue<Envelope> queue;
    private final int capacity;

    /**
     * @param capacity most envelopes held, at least 2; rounded up to the next power of two, which
     *                 {@link #capacity()} then reports
     */
    public MpscMailbox(final int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("mailbox capacity must be at least 2, was " + capacity);
        }
        this.queue = new MpscArrayQueue<>(capacity);
        this.capacity = queue.capacity();
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
        return queue.drain(consumer::accept, limit);
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
        return capacity;
    }
}
