package dev.newt.net.workload;

import java.nio.ByteBuffer;

/**
 * The rpc workload's messages on a stream. A request is {@code [id:8][length:4][responseLength:4]}
 * and then {@code length - 16} bytes of the {@link StreamPattern} seeded by the id; its response is
 * {@code [id:8][length:4]} and then {@code length - 12} bytes of the pattern seeded by the id's
 * complement. So both ends check every byte of what they get against the request id alone.
 */
public final class RpcFrames {
    /** Bytes of a request header; the smallest request. */
    public static final int REQUEST_HEADER = 16;
    /** Bytes of a response header; the smallest response. */
    public static final int RESPONSE_HEADER = 12;
    /** Largest request or response the server accepts. */
    public static final int MAX = 1 << 20;

    private RpcFrames() {
    }

    /**
     * @param id             the request id
     * @param length         total request length, {@link #REQUEST_HEADER}..{@link #MAX}
     * @param responseLength total response length asked for, {@link #RESPONSE_HEADER}..{@link #MAX}
     * @return a fresh request
     */
    public static byte[] request(final long id, final int length, final int responseLength) {
        final byte[] b = new byte[length];
        ByteBuffer.wrap(b).putLong(id).putInt(length).putInt(responseLength);
        StreamPattern.fill(id, 0, b, REQUEST_HEADER, length - REQUEST_HEADER);
        return b;
    }

    /**
     * @param id     the request id
     * @param length total response length
     * @return a fresh response
     */
    public static byte[] response(final long id, final int length) {
        final byte[] b = new byte[length];
        ByteBuffer.wrap(b).putLong(id).putInt(length);
        StreamPattern.fill(~id, 0, b, RESPONSE_HEADER, length - RESPONSE_HEADER);
        return b;
    }

    /** @return whether {@code length} and {@code responseLength} of a request header are acceptable */
    static boolean validHeader(final int length, final int responseLength) {
        return length >= REQUEST_HEADER && length <= MAX && responseLength >= RESPONSE_HEADER
            && responseLength <= MAX;
    }

    /** @return whether the request body at {@code data[off, off + length)} matches its id */
    static boolean requestIntact(final byte[] data, final int off, final long id, final int length) {
        return StreamPattern.mismatches(id, 0, data, off + REQUEST_HEADER, length - REQUEST_HEADER) == 0;
    }

    /**
     * @param id     the request id
     * @param length the response length expected
     * @param data   the response received
     * @return whether it is exactly the response to that request
     */
    public static boolean responseIntact(final long id, final int length, final byte[] data) {
        if (data.length != length) {
            return false;
        }
        final ByteBuffer b = ByteBuffer.wrap(data);
        return b.getLong(0) == id && b.getInt(8) == length
            && StreamPattern.mismatches(~id, 0, data, RESPONSE_HEADER, length - RESPONSE_HEADER) == 0;
    }
}
