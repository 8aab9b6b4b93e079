package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An ICMP echo request (type 8) or echo reply (type 0), code 0: what ping sends and gets back.
 *
 * @param reply      true for a reply, false for a request
 * @param identifier 0..0xFFFF, chosen by the requester to match replies (ping uses its pid)
 * @param sequence   0..0xFFFF, counts the requests
 * @param data       echoed back unchanged; kept as a read-only view
 */
public record IcmpEcho(boolean reply, int identifier, int sequence, ByteBuffer data) implements IcmpMessage {

    /** Checks the ranges and takes a read-only view of the data. */
    public IcmpEcho {
        IcmpCodec.checkShort("identifier", identifier);
        IcmpCodec.checkShort("sequence", sequence);
        data = Bytes.view(Objects.requireNonNull(data, "data"));
    }

    /**
     * @param identifier request id
     * @param sequence   sequence number
     * @param data       wrapped, not copied
     * @return an echo request
     */
    public static IcmpEcho request(final int identifier, final int sequence, final byte[] data) {
        return new IcmpEcho(false, identifier, sequence, ByteBuffer.wrap(data));
    }

    /** @return the reply to this request: same identifier, sequence and data */
    public IcmpEcho toReply() {
        return new IcmpEcho(true, identifier, sequence, data);
    }

    /** @return a fresh read-only view of the data */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    @Override
    public int type() {
        return reply ? TYPE_ECHO_REPLY : TYPE_ECHO_REQUEST;
    }

    @Override
    public int code() {
        return 0;
    }

    @Override
    public int encodedLength() {
        return HEADER_LENGTH + data.remaining();
    }

    @Override
    public void writeTo(final ByteBuffer dst) {
        IcmpCodec.write(dst, type(), 0, (identifier << 16) | sequence, data);
    }

    @Override
    public String toString() {
        return "IcmpEcho[" + (reply ? "reply" : "request") + ", id=" + identifier + ", seq=" + sequence
                + ", data=" + Bytes.hex(data, 16) + "]";
    }
}
