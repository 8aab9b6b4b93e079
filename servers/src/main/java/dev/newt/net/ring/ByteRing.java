package dev.newt.net.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A single-producer single-consumer ring of bytes, the buffer an application and the network stack
 * share for one direction of a stream socket (NEWTOS's exposed socket buffers).
 *
 * <p>Positions are stream offsets from 0 that only grow: the producer publishes bytes up to
 * {@link #tail()}, the consumer releases them up to {@link #head()}; {@code tail - head} bytes are
 * readable, {@code capacity - (tail - head)} writable. Both are volatile, so each side sees the
 * other's bytes once it sees the position that covers them. The consumer may copy bytes at any
 * position in {@code [head, tail)} without releasing them ({@link #copy}): the stack keeps bytes
 * it has handed on in the ring until they are safe elsewhere.
 *
 * <p>Why not JCTools or Agrona: JCTools' queues carry objects, not a byte stream, and Agrona's
 * {@code OneToOneRingBuffer} frames records with headers, so a partial read of a record is not
 * possible; a stream socket needs arbitrary lengths read and written in pieces, and its positions
 * exposed as plain stream offsets, which is what a checkpoint records (see docs/ARCHITECTURE.md).
 *
 * <p>Waking. The consumer that finds the ring empty, or the producer that finds it full, may mark
 * itself idle ({@link #markIdle}); the other side, after making progress, claims that mark
 * ({@link #claimIdle}) and, if it won it, sends one message to wake the idle side. Marking then
 * re-checking on one side and publishing then checking the mark on the other (all volatile, so
 * sequentially consistent) means one of the two always sees the other: no lost wake-up.
 */
public final class ByteRing {
    private static final VarHandle IDLE;

    static {
        try {
            IDLE = MethodHandles.lookup().findVarHandle(ByteRing.class, "idle", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] bytes;
    private final int mask;
    private volatile long head;
    private volatile long tail;
    /** Whether the side that does not call write/read (the stack) said it waits for the other. */
    private volatile boolean idle;

    /**
     * @param capacity bytes it holds, a power of two of at least 16
     * @throws IllegalArgumentException otherwise
     */
    public ByteRing(final int capacity) {
        if (capacity < 16 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 16, was " + capacity);
        }
        this.bytes = new byte[capacity];
        this.mask = capacity - 1;
    }

    /** @return bytes it holds */
    public int capacity() {
        return bytes.length;
    }

    /** @return position of the first byte not yet released by the consumer */
    public long head() {
        return head;
    }

    /** @return position after the last byte the producer published */
    public long tail() {
        return tail;
    }

    /** @return bytes published and not released */
    public int readable() {
        return (int) (tail - head);
    }

    /** @return room for the producer */
    public int writable() {
        return bytes.length - (int) (tail - head);
    }

    /**
     * Producer: copies up to {@code len} bytes in and publishes them.
     *
     * @return how many were written; 0 when full
     */
    public int write(final byte[] src, final int off, final int len) {
        final long t = tail;
        final int n = Math.min(len, bytes.length - (int) (t - head));
        if (n <= 0) {
            return 0;
        }
        final int at = (int) (t & mask);
        final int first = Math.min(n, bytes.length - at);
        System.arraycopy(src, off, bytes, at, first);
        System.arraycopy(src, off + first, bytes, 0, n - first);
        tail = t + n;
        return n;
    }

    /**
     * Consumer: copies up to {@code len} bytes out and releases them.
     *
     * @return how many were read; 0 when empty
     */
    public int read(final byte[] dst, final int off, final int len) {
        final long h = head;
        final int n = copy(h, dst, off, len);
        if (n > 0) {
            head = h + n;
        }
        return n;
    }

    /**
     * Consumer: copies up to {@code len} published bytes from position {@code from} without
     * releasing them.
     *
     * @param from a position in {@code [head, tail]}
     * @return how many were copied
     * @throws IllegalArgumentException if {@code from} is outside {@code [head, tail]}
     */
    public int copy(final long from, final byte[] dst, final int off, final int len) {
        final long t = tail;
        if (from < head || from > t) {
            throw new IllegalArgumentException("position " + from + " is outside the ring's [" + head + ", " + t + "]");
        }
        final int n = (int) Math.min(len, t - from);
        final int at = (int) (from & mask);
        final int first = Math.min(n, bytes.length - at);
        System.arraycopy(bytes, at, dst, off, first);
        System.arraycopy(bytes, 0, dst, off + first, n - first);
        return n;
    }

    /**
     * Consumer: releases every byte before {@code position} to the producer; a position at or
     * behind the head changes nothing (so releasing again after a restart is harmless).
     *
     * @throws IllegalArgumentException if {@code position} is beyond the tail
     */
    public void release(final long position) {
        if (position > tail) {
            throw new IllegalArgumentException("cannot release up to " + position + ": the ring's tail is " + tail);
        }
        if (position > head) {
            head = position;
        }
    }

    /** The stack: says it waits for the application (empty send ring, full receive ring). */
    public void markIdle() {
        idle = true;
    }

    /** @return whether the stack said it waits */
    public boolean idle() {
        return idle;
    }

    /**
     * Either side: takes the idle mark.
     *
     * @return whether this call took it (the caller then wakes the stack, or goes on itself)
     */
    public boolean claimIdle() {
        return idle && IDLE.compareAndSet(this, true, false);
    }

    @Override
    public String toString() {
        return "ByteRing[head " + head + ", tail " + tail + ", capacity " + bytes.length + (idle ? ", idle" : "") + "]";
    }
}
