package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An Ethernet II frame as handed between a link and the stack: no preamble and no FCS, which the
 * (simulated) hardware owns.
 *
 * <p>Encoding pads the payload with zeros up to the 60-byte minimum frame (64 with the FCS that
 * is not ours). Decoding cannot tell padding from payload, so a decoded payload may be longer
 * than what was sent; the layer above trims it by its own length field (IPv4 total length, say).
 * Decoding accepts frames shorter than 60 bytes, since a simulated link need not pad, and sets no
 * upper size, so jumbo frames pass; the MTU is the link's business.
 *
 * @param destination destination MAC address
 * @param source      source MAC address
 * @param etherType   0..0xFFFF, such as {@link EtherType#IPV4}
 * @param payload     the payload; the record keeps a read-only view of its remaining bytes
 */
public record EthernetFrame(MacAddress destination, MacAddress source, int etherType, ByteBuffer payload) {

    /** Destination, source and type. */
    public static final int HEADER_LENGTH = 14;
    /** Smallest frame on the wire, without the 4-byte FCS. */
    public static final int MIN_FRAME_LENGTH = 60;
    /** Smallest payload that needs no padding. */
    public static final int MIN_PAYLOAD_LENGTH = MIN_FRAME_LENGTH - HEADER_LENGTH;

    /** Checks the fields and takes a read-only view of the payload. */
    public EthernetFrame {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        if (etherType < 0 || etherType > 0xFFFF) {
            throw new IllegalArgumentException("EtherType must be 0..0xFFFF, was " + etherType);
        }
        payload = Bytes.view(Objects.requireNonNull(payload, "payload"));
    }

    /**
     * Convenience for a payload in an array.
     *
     * @param destination destination MAC address
     * @param source      source MAC address
     * @param etherType   the type
     * @param payload     wrapped, not copied
     * @return the frame
     */
    public static EthernetFrame of(final MacAddress destination, final MacAddress source, final int etherType,
                                   final byte[] payload) {
        return new EthernetFrame(destination, source, etherType, ByteBuffer.wrap(payload));
    }

    /** @return a fresh read-only view of the payload (reading it does not disturb this record) */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** @return the payload length in bytes */
    public int payloadLength() {
        return payload.remaining();
    }

    /** @return the encoded length, padding included */
    public int encodedLength() {
        return HEADER_LENGTH + Math.max(MIN_PAYLOAD_LENGTH, payload.remaining());
    }

    /**
     * Writes the frame, padded to the minimum, at the buffer's position and advances it.
     *
     * @param dst destination with at least {@link #encodedLength()} bytes remaining
     */
    public void writeTo(final ByteBuffer dst) {
        destination.writeTo(dst);
        source.writeTo(dst);
        Bytes.putU16(dst, etherType);
        Bytes.put(dst, payload);
        for (int pad = MIN_PAYLOAD_LENGTH - payload.remaining(); pad > 0; pad--) {
            dst.put((byte) 0);
        }
    }

    /** @return the frame as bytes, padded to at least 60 */
    public byte[] encode() {
        final byte[] b = new byte[encodedLength()];
        writeTo(ByteBuffer.wrap(b));
        return b;
    }

    /**
     * Decodes a frame; the payload is a view of {@code frame}, not a copy.
     *
     * @param frame the bytes from position to limit; the position is not moved
     * @return the frame, or {@link DropReason#TRUNCATED} below 14 bytes, or
     *         {@link DropReason#UNKNOWN_ETHERTYPE} for an 802.3 length in the type field
     */
    public static Decoded<EthernetFrame> decode(final ByteBuffer frame) {
        final int base = frame.position();
        final int len = frame.remaining();
        if (len < HEADER_LENGTH) {
            return Decoded.drop(DropReason.TRUNCATED, "Ethernet frame of " + len + " bytes, header needs 14");
        }
        final int type = Bytes.u16(frame, base + 12);
        if (type < EtherType.MIN_ETHERTYPE) {
            return Decoded.drop(DropReason.UNKNOWN_ETHERTYPE,
                    "type field 0x" + Integer.toHexString(type) + " is an 802.3 length, not an Ethernet II type");
        }
        return Decoded.ok(new EthernetFrame(MacAddress.read(frame, base), MacAddress.read(frame, base + 6), type,
                Bytes.view(frame, base + HEADER_LENGTH, len - HEADER_LENGTH)));
    }

    /**
     * Decodes a whole array; the payload is a view of it.
     *
     * @param frame the frame bytes
     * @return as {@link #decode(ByteBuffer)}
     */
    public static Decoded<EthernetFrame> decode(final byte[] frame) {
        return decode(ByteBuffer.wrap(frame));
    }

    @Override
    public String toString() {
        return "EthernetFrame[" + source + " -> " + destination + ", type=0x" + String.format("%04x", etherType)
                + ", payload=" + Bytes.hex(payload, 16) + "]";
    }
}
