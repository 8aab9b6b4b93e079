package dev.newt.net.msg;

import dev.newt.net.wire.BufferCheck;
import dev.newt.net.wire.PacketBuffer;

/**
 * One Ethernet II frame (no preamble, no FCS), between a link, a nic and an ip server. The sender
 * is the envelope's sender. The bytes are passed by reference from ip through nic and the wire to
 * the peer's nic and ip: nobody writes them after the frame is sent (see {@link PacketBuffer}).
 *
 * @param buffer the frame bytes, a view; never changed after sending
 */
public record Frame(PacketBuffer buffer) {
    /** Registers the bytes with the debug check of {@link BufferCheck}. */
    public Frame {
        BufferCheck.seal(buffer);
    }

    /**
     * A frame of all of {@code data}, wrapped, not copied.
     *
     * @param data the frame bytes, or {@code null} (a malformed message)
     */
    public Frame(final byte[] data) {
        this(data == null ? null : PacketBuffer.wrap(data));
    }

    /** @return the frame bytes as an array (a copy unless the view is its whole array); for tests and tools */
    public byte[] data() {
        return buffer == null ? null : buffer.toArray();
    }
}
