package dev.newt.core.channel;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.MessageHandler;

/**
 * A record being read, copied out of the ring (so that reading it may take as long as it likes and
 * may itself wait for other records); reads what {@link FrameOut} wrote, in the same order.
 */
public final class FrameIn {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int position;
    private int limit;

    /** @return a byte */
    public int getByte() {
        final byte b = buffer.getByte(check(1));
        return b;
    }

    /** @return a boolean */
    public boolean getBoolean() {
        return getByte() != 0;
    }

    /** @return an int */
    public int getInt() {
        return buffer.getInt(check(Integer.BYTES));
    }

    /** @return a long */
    public long getLong() {
        return buffer.getLong(check(Long.BYTES));
    }

    /** @return bytes, or null */
    public byte[] getBytes() {
        final int n = getInt();
        if (n < 0) {
            return null;
        }
        final byte[] b = new byte[n];
        buffer.getBytes(check(n), b);
        return b;
    }

    /** @return a string, or null */
    public String getString() {
        final byte[] b = getBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** @return bytes not read yet */
    public int remaining() {
        return limit - position;
    }

    private int check(final int n) {
        if (position + n > limit) {
            throw new IllegalStateException("record too short: " + n + " bytes wanted at " + position + " of " + limit);
        }
        final int at = position;
        position += n;
        return at;
    }

    /** Fills a {@link FrameIn} from the ring's read callback. */
    static final class Copier implements MessageHandler {
        FrameIn target;
        int type;

        @Override
        public void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer src, final int index,
                              final int length) {
            type = msgTypeId;
            target.buffer.putBytes(0, (DirectBuffer) src, index, length);
            target.position = 0;
            target.limit = length;
        }
    }
}
