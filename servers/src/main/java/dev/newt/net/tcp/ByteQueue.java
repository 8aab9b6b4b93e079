package dev.newt.net.tcp;

import java.util.Arrays;

/**
 * A FIFO of bytes for a connection's send or receive buffer, kept as one array exactly as long as
 * its content: the state is serialized after every message, so it must hold no slack. Appending
 * and consuming copy, which costs no more than the serialization that follows anyway.
 */
public final class ByteQueue {
    /** The content, oldest byte first. */
    public byte[] data = new byte[0];

    /** An empty queue. */
    public ByteQueue() {
    }

    /** @return bytes held */
    public int size() {
        return data.length;
    }

    /**
     * Appends {@code len} bytes of {@code src} from {@code off}.
     *
     * @param src the bytes
     * @param off first byte
     * @param len how many
     */
    public void append(final byte[] src, final int off, final int len) {
        if (len == 0) {
            return;
        }
        final byte[] b = Arrays.copyOf(data, data.length + len);
        System.arraycopy(src, off, b, data.length, len);
        data = b;
    }

    /** @param n bytes to drop from the front, at most {@link #size()} */
    public void drop(final int n) {
        if (n > 0) {
            data = Arrays.copyOfRange(data, n, data.length);
        }
    }

    /**
     * @param max most bytes
     * @return up to {@code max} bytes removed from the front
     */
    public byte[] take(final int max) {
        final int n = Math.min(max, data.length);
        final byte[] out = Arrays.copyOf(data, n);
        drop(n);
        return out;
    }

    /**
     * @param offset first byte, from the front
     * @param len    how many
     * @return a copy of that range
     */
    public byte[] copy(final int offset, final int len) {
        return Arrays.copyOfRange(data, offset, offset + len);
    }

    /** Empties the queue. */
    public void clear() {
        data = new byte[0];
    }
}
