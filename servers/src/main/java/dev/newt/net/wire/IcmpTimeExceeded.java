package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An ICMP time exceeded (type 11): TTL ran out in transit, or reassembly timed out. It quotes the
 * offending datagram's header and first 8 data bytes ({@link IcmpMessage#quote(ByteBuffer)}).
 *
 * @param code     {@link #TTL_EXCEEDED_IN_TRANSIT} or {@link #FRAGMENT_REASSEMBLY_TIME_EXCEEDED}; 0..255
 * @param original the quoted header and data; kept as a read-only view
 */
public record IcmpTimeExceeded(int code, ByteBuffer original) implements IcmpMessage {

    /** Code: a router decremented TTL to zero. */
    public static final int TTL_EXCEEDED_IN_TRANSIT = 0;
    /** Code: fragments did not all arrive in time. */
    public static final int FRAGMENT_REASSEMBLY_TIME_EXCEEDED = 1;

    /** Checks the code and takes a read-only view of the quote. */
    public IcmpTimeExceeded {
        IcmpCodec.checkByte("code", code);
        original = Bytes.view(Objects.requireNonNull(original, "original"));
    }

    /**
     * @param code     the code
     * @param datagram the offending datagram as received; its header and first 8 data bytes are quoted
     * @return the message
     */
    public static IcmpTimeExceeded of(final int code, final ByteBuffer datagram) {
        return new IcmpTimeExceeded(code, IcmpMessage.quote(datagram));
    }

    /** @return a fresh read-only view of the quoted header and data */
    @Override
    public ByteBuffer original() {
        return original.duplicate();
    }

    @Override
    public int type() {
        return TYPE_TIME_EXCEEDED;
    }

    @Override
    public int encodedLength() {
        return HEADER_LENGTH + original.remaining();
    }

    @Override
    public void writeTo(final ByteBuffer dst) {
        IcmpCodec.write(dst, TYPE_TIME_EXCEEDED, code, 0, original);
    }

    @Override
    public String toString() {
        return "IcmpTimeExceeded[code=" + code + ", original=" + Bytes.hex(original, 28) + "]";
    }
}
