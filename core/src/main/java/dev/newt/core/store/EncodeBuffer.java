package dev.newt.core.store;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte sink that {@link StateCodec} keeps per thread and reuses for every encode, so a
 * checkpoint costs one copy of its bytes instead of Jackson's fresh chain of blocks per call (a
 * linked list of chunks, grown, then joined). A buffer grown past {@link #RETAINED} is let go after
 * the encode, so one huge state does not pin its size for the thread's life.
 */
final class EncodeBuffer extends OutputStream {
    /** The capacity kept between encodes: states up to this size never grow the buffer again. */
    static final int RETAINED = 1 << 20;
    private static final int INITIAL = 4096;

    private byte[] bytes = new byte[INITIAL];
    private int count;
    /** Whether an encode on this thread is writing here now (a nested encode takes another buffer). */
    private boolean busy;

    /** @return this buffer, emptied and marked in use; null when an encode already uses it */
    EncodeBuffer claim() {
        if (busy) {
            return null;
        }
        busy = true;
        count = 0;
        return this;
    }

    /** Ends the use begun by {@link #claim}, letting an oversized array go. */
    void release() {
        busy = false;
        if (bytes.length > RETAINED) {
            bytes = new byte[INITIAL];
        }
    }

    @Override
    public void write(final int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(final byte[] b, final int off, final int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    private void ensure(final int more) {
        final int need = count + more;
        if (need < 0) {
            throw new OutOfMemoryError("state above 2 GiB");
        }
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length << 1));
        }
    }

    /** @return the bytes written since the claim, in an array of their exact length */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }
}
