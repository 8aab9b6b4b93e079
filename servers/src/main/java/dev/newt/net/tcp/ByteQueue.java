package dev.newt.net.tcp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.newt.core.server.NotSaved;
import dev.newt.net.wire.BufferCheck;
import dev.newt.net.wire.PacketBuffer;
import java.util.ArrayDeque;

/**
 * A FIFO of bytes for a connection's send or receive buffer, held by reference: a list of views of
 * the arrays the bytes arrived in (the application's {@code StreamSend} arrays, the received
 * frames), never copied in. Appending keeps the reference, dropping moves the front of the first
 * view; bytes are copied only out of the queue: into a segment ({@link #copyTo}) or a reply
 * ({@link #take}). Every array referred to is immutable by the stack's buffer discipline (see
 * {@link PacketBuffer}).
 *
 * <p>Checkpointed as before: one byte string, {@code data}, the content oldest byte first.
 */
public final class ByteQueue {
    @JsonIgnore
    @NotSaved("saved as the property data (getData/setData): one byte string, as before")
    private final ArrayDeque<PacketBuffer> chunks = new ArrayDeque<>();
    @JsonIgnore
    @NotSaved("the sum of the chunks' lengths")
    private int size;

    /** An empty queue. */
    public ByteQueue() {
    }

    /** @return bytes held */
    public int size() {
        return size;
    }

    /**
     * Appends {@code len} bytes of {@code src} from {@code off}, by reference: {@code src} must not
     * change afterwards.
     *
     * @param src the bytes
     * @param off first byte
     * @param len how many
     */
    public void append(final byte[] src, final int off, final int len) {
        if (len > 0) {
            append(new PacketBuffer(src, off, len, null));
        }
    }

    /** @param view bytes to append, by reference */
    public void append(final PacketBuffer view) {
        if (view.length() > 0) {
            chunks.addLast(BufferCheck.seal(view));
            size += view.length();
        }
    }

    /** @param n bytes to drop from the front, at most {@link #size()} */
    public void drop(final int n) {
        int left = Math.min(n, size);
        size -= left;
        while (left > 0) {
            final PacketBuffer first = chunks.pollFirst();
            if (first.length() > left) {
                chunks.addFirst(first.slice(left, first.length() - left));
                return;
            }
            left -= first.length();
        }
    }

    /**
     * @param max most bytes
     * @return up to {@code max} bytes removed from the front
     */
    public byte[] take(final int max) {
        final int n = Math.min(max, size);
        final byte[] out = new byte[n];
        copyTo(0, n, out, 0);
        drop(n);
        return out;
    }

    /**
     * @param offset first byte, from the front
     * @param len    how many
     * @return a copy of that range
     */
    public byte[] copy(final int offset, final int len) {
        final byte[] out = new byte[len];
        copyTo(offset, len, out, 0);
        return out;
    }

    /**
     * Copies a range of the queue into {@code dst}: how a segment's payload is written, once.
     *
     * @param offset first byte, from the front
     * @param len    how many
     * @param dst    destination
     * @param at     index in {@code dst}
     */
    public void copyTo(final int offset, final int len, final byte[] dst, final int at) {
        if (offset < 0 || len < 0 || offset > size - len) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + len + " of " + size);
        }
        int skip = offset;
        int left = len;
        int to = at;
        for (PacketBuffer c : chunks) {
            if (left == 0) {
                break;
            }
            if (skip >= c.length()) {
                skip -= c.length();
                continue;
            }
            c.verify();
            final int n = Math.min(left, c.length() - skip);
            System.arraycopy(c.array(), c.offset() + skip, dst, to, n);
            to += n;
            left -= n;
            skip = 0;
        }
    }

    /** Empties the queue. */
    public void clear() {
        chunks.clear();
        size = 0;
    }

    /** @return the content, oldest byte first: a copy, for the checkpoint */
    @JsonProperty("data")
    public byte[] getData() {
        return copy(0, size);
    }

    /** @param data the content, as the checkpoint has it */
    @JsonProperty("data")
    public void setData(final byte[] data) {
        clear();
        if (data != null) {
            append(data, 0, data.length);
        }
    }
}
