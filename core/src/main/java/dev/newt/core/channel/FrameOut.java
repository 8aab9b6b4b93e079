package dev.newt.core.channel;

import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A record being written: fixed-width little-endian numbers and length-prefixed byte strings,
 * appended to a reusable growing buffer. {@link #reset()} before each record.
 */
public final class FrameOut {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int length;

    /** @return this, emptied */
    public FrameOut reset() {
        length = 0;
        return this;
    }

    /** @param v a byte @return this */
    public FrameOut putByte(final int v) {
        buffer.putByte(length, (byte) v);
        length += 1;
        return this;
    }

    /** @param v a boolean, as one byte @return this */
    public FrameOut putBoolean(final boolean v) {
        return putByte(v ? 1 : 0);
    }

    /** @param v an int @return this */
    public FrameOut putInt(final int v) {
        buffer.putInt(length, v);
        length += Integer.BYTES;
        return this;
    }

    /** @param v a long @return this */
    public FrameOut putLong(final long v) {
        buffer.putLong(length, v);
        length += Long.BYTES;
        return this;
    }

    /** @param v bytes, or null (length -1) @return this */
    public FrameOut putBytes(final byte[] v) {
        if (v == null) {
            return putInt(-1);
        }
        putInt(v.length);
        buffer.putBytes(length, v);
        length += v.length;
        return this;
    }

    /** @param v a string as UTF-8, or null @return this */
    public FrameOut putString(final String v) {
        return putBytes(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the buffer holding the record from index 0 */
    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /** @return the record's length so far */
    public int length() {
        return length;
    }
}
